package fr.intrascol.sync.query.intrascol;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import org.junit.jupiter.api.io.TempDir;
import java.io.File;
import java.nio.file.Path;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.query.intrascol.ldap.LdapDirectoryTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** StartTLS to a server whose self-signed certificate is trusted only through the target's PEM. */
class LdapStartTlsTest {

    private static final String BASE = "dc=ecole,dc=test";
    private InMemoryDirectoryServer server;
    private String pem;
    @TempDir
    Path folder;

    @BeforeEach
    void start() throws Exception {
        // a self-signed certificate for localhost, made with UnboundID's manage-certificates tool
        File keyStoreFile = folder.resolve("server.p12").toFile();
        char[] password = "keystore-password".toCharArray();
        ResultCode made = ManageCertificates.main(null, System.out, System.err, "generate-self-signed-certificate",
                "--keystore", keyStoreFile.getPath(), "--keystore-password", new String(password),
                "--keystore-type", "PKCS12", "--alias", "server", "--subject-dn", "CN=localhost",
                "--subject-alternative-name-dns", "localhost", "--subject-alternative-name-ip-address", "127.0.0.1");
        assertThat(made).isEqualTo(ResultCode.SUCCESS);
        var keyStore = new com.unboundid.util.ObjectPair<>(keyStoreFile, password);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keyStore.getFirst())) {
            store.load(in, keyStore.getSecond());
        }
        Certificate certificate = store.getCertificate(store.aliases().nextElement());
        pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "PKCS12",
                null), new TrustAllTrustManager());
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials("cn=admin," + BASE, "secret-admin");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                InetAddress.getByName("127.0.0.1"), 0, serverSsl.createSSLSocketFactory()));
        server = new InMemoryDirectoryServer(config);
        server.add(new Entry(BASE, new Attribute("objectClass", "top", "domain"), new Attribute("dc", "ecole")));
        server.startListening();
    }

    @AfterEach
    void stop() {
        server.shutDown(true);
    }

    private LdapDirectoryTarget target(String caCertificate) {
        return new LdapDirectoryTarget(new TargetSettings(TargetSettings.Type.LDAP,
                "ldap://localhost:" + server.getListenPort(), "cn=admin," + BASE, "secret-admin", BASE, true,
                caCertificate, null, null), Duration.ofSeconds(2));
    }

    @Test
    void start_tls_works_with_the_servers_certificate_and_is_refused_without_it() throws Exception {
        try (LdapDirectoryTarget trusted = target(pem)) {
            trusted.push(null, new DirectoryAccount("6f1c1f4e-0000-4000-8000-000000000001", "0170001J", "lea.martin",
                    "PUPIL", "MARTIN", null, "Léa", "CP A", "CP", AccountStatus.ACTIVE, "{CRYPT}$6$s$h"), List::of);
        }
        assertThat(server.getEntry("uid=lea.martin,ou=people," + BASE)).isNotNull();
        try (LdapDirectoryTarget untrusted = target(null)) {
            assertThatThrownBy(untrusted::check).isInstanceOfAny(TargetRefusedException.class,
                    TargetUnavailableException.class);
        }
    }
}
