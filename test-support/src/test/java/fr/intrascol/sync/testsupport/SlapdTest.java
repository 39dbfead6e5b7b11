package fr.intrascol.sync.testsupport;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness itself: a real slapd that survives SIGKILL, checks {CRYPT} SHA-512 passwords, runs twice at once. */
class SlapdTest {

    private static final String SUFFIX = "dc=ecole-0912345L,dc=intrascol,dc=test";
    private static final String PEOPLE = "ou=people," + SUFFIX;
    private static final String PUPIL = "uid=lea.martin," + PEOPLE;

    @Test
    void entriesSurviveSigkillAndCryptPasswordsBind() throws Exception {
        try (Slapd slapd = Slapd.start(SUFFIX)) {
            assertThat(slapd.url()).isEqualTo("ldap://127.0.0.1:" + slapd.port());
            assertThat(slapd.bindDn()).isEqualTo("cn=admin," + SUFFIX);
            String hash = "{CRYPT}" + Sha2Crypt.sha512Crypt("Soleil-42".getBytes(UTF_8));
            assertThat(hash).startsWith("{CRYPT}$6$");
            try (LDAPConnection admin = slapd.connect()) {
                admin.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
                admin.add("dn: " + PUPIL, "objectClass: inetOrgPerson", "uid: lea.martin", "cn: Léa Martin",
                        "sn: Martin", "givenName: Léa", "userPassword: " + hash);
            }
            assertBinds(slapd, PUPIL, "Soleil-42");
            assertThatThrownBy(() -> assertBinds(slapd, PUPIL, "soleil-42"))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));

            int port = slapd.port();
            slapd.kill();
            assertThat(slapd.isRunning()).isFalse();
            assertThatThrownBy(slapd::connect).isInstanceOf(LDAPException.class);
            slapd.restart();

            assertThat(slapd.port()).isEqualTo(port);
            assertThat(slapd.searchAll()).containsOnlyKeys(SUFFIX, PEOPLE, PUPIL);
            assertThat(slapd.searchAll().get(PUPIL))
                    .containsEntry("cn", List.of("Léa Martin"))
                    .containsEntry("userPassword", List.of(hash));
            assertBinds(slapd, PUPIL, "Soleil-42");
            assertThat(slapd.ldapsearch("(uid=lea.martin)", "uid", "sn"))
                    .isEqualTo("dn: " + PUPIL + "\nuid: lea.martin\nsn: Martin\n\n");
        }
    }

    @Test
    void stopKeepsTheDataAndCloseDeletesTheFolder() {
        Path folder;
        try (Slapd slapd = Slapd.start(SUFFIX)) {
            folder = slapd.directory();
            assertThat(folder).startsWith(Path.of("target", "slapd").toAbsolutePath());
            assertThat(slapd.ldapsearch("(objectClass=*)", "dn")).isEqualTo("dn: " + SUFFIX + "\n\n");
            slapd.stop();
            slapd.restart();
            assertThat(slapd.searchAll().get(SUFFIX))
                    .containsEntry("objectClass", List.of("dcObject", "organization"))
                    .containsEntry("dc", List.of("ecole-0912345L"));
        }
        assertThat(Files.exists(folder)).isFalse();
    }

    @Test
    void twoInstancesRunAtOnce() throws Exception {
        String other = "dc=ecole-0170002K,dc=intrascol,dc=test";
        try (Slapd first = Slapd.start(SUFFIX); Slapd second = Slapd.start(other)) {
            assertThat(first.port()).isNotEqualTo(second.port());
            try (LDAPConnection admin = first.connect()) {
                admin.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
            }
            assertThat(first.searchAll()).containsOnlyKeys(SUFFIX, PEOPLE);
            assertThat(second.searchAll()).containsOnlyKeys(other);
            assertThat(first.bindPassword()).isNotEqualTo(second.bindPassword());
        }
    }

    private static void assertBinds(Slapd slapd, String dn, String password) throws LDAPException {
        try (LDAPConnection connection = new LDAPConnection(slapd.host(), slapd.port())) {
            connection.bind(dn, password);
        }
    }
}
