package fr.intrascol.sync.query.intrascol;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.query.intrascol.ldap.LdapDirectoryTarget;
import fr.intrascol.sync.query.intrascol.ldap.LdapMapping;
import fr.intrascol.sync.testsupport.InMemoryDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The LDAP adapter against UnboundID's in-memory directory server (standard schema enforced). */
class LdapDirectoryTargetTest {

    private static final String BASE = "dc=ecole,dc=test";
    private InMemoryDirectoryServer server;
    private LdapDirectoryTarget target;

    @BeforeEach
    void start() throws Exception {
        server = InMemoryDirectory.start(BASE, "secret-admin", 0, false);
        target = target(LdapMapping.DEFAULT, "secret-admin");
    }

    private LdapDirectoryTarget target(LdapMapping mapping, String password) {
        return new LdapDirectoryTarget(new TargetSettings(TargetSettings.Type.LDAP,
                "ldap://127.0.0.1:" + server.getListenPort(), "cn=admin," + BASE, password, BASE, false, null, null,
                mapping), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        target.close();
        server.shutDown(true);
    }

    private static DirectoryAccount pupil(String login, String first, String last, String classGroup) {
        return new DirectoryAccount(UUID.randomUUID().toString(), "0170001J", login, "PUPIL", last, null, first,
                classGroup, "CP", AccountStatus.ACTIVE, "{CRYPT}$6$salt$hash-" + login);
    }

    private static DirectoryAccount with(DirectoryAccount a, String classGroup, AccountStatus status) {
        return new DirectoryAccount(a.accountId(), a.uai(), a.login(), a.role(), a.lastName(), a.usageName(),
                a.firstName(), classGroup, a.level(), status, a.passwordHash());
    }

    private Map<String, Map<String, List<String>>> dump() throws Exception {
        Map<String, Map<String, List<String>>> all = new TreeMap<>();
        for (SearchResultEntry e : server.search(BASE, SearchScope.SUB, "(objectClass=*)").getSearchEntries()) {
            Map<String, List<String>> attributes = new TreeMap<>();
            for (Attribute a : e.getAttributes()) {
                attributes.put(a.getName().toLowerCase(), List.of(a.getValues()));
            }
            all.put(e.getParsedDN().toNormalizedString(), attributes);
        }
        return all;
    }

    private List<String> members(String group) throws Exception {
        Entry entry = server.getEntry("cn=" + group + ",ou=groups," + BASE);
        return entry == null || !entry.hasAttribute("member") ? List.of()
                : List.of(entry.getAttributeValues("member"));
    }

    @Test
    void a_new_account_becomes_an_entry_in_its_class_and_role_groups_and_a_repeat_changes_nothing() throws Exception {
        DirectoryAccount lea = pupil("lea.martin", "Léa", "MARTIN", "CP A");
        target.push(null, lea, List::of);

        Entry entry = server.getEntry("uid=lea.martin,ou=people," + BASE);
        assertThat(entry.getObjectClassValues()).contains("inetOrgPerson");
        assertThat(entry.getAttributeValue("cn")).isEqualTo("Léa MARTIN");
        assertThat(entry.getAttributeValue("sn")).isEqualTo("MARTIN");
        assertThat(entry.getAttributeValue("givenName")).isEqualTo("Léa");
        assertThat(entry.getAttributeValue("displayName")).isEqualTo("Léa MARTIN");
        assertThat(entry.getAttributeValue("userPassword")).isEqualTo("{CRYPT}$6$salt$hash-lea.martin");
        assertThat(entry.getAttributeValue("employeeType")).isEqualTo("PUPIL");
        assertThat(entry.getAttributeValue("employeeNumber")).isEqualTo(lea.accountId());
        assertThat(members("classe-CP A")).containsExactly("uid=lea.martin,ou=people," + BASE);
        assertThat(members("eleves")).containsExactly("uid=lea.martin,ou=people," + BASE);

        var before = dump();
        target.push(lea, lea, List::of);
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void class_change_suspension_reactivation_and_erasure_move_the_entry_and_its_memberships() throws Exception {
        DirectoryAccount lea = pupil("lea.martin", "Léa", "MARTIN", "CP A");
        DirectoryAccount tom = pupil("tom.petit", "Tom", "PETIT", "CP A");
        target.push(null, lea, List::of);
        target.push(null, tom, List::of);

        DirectoryAccount moved = with(lea, "CE1 B", AccountStatus.ACTIVE);
        target.push(lea, moved, List::of);
        assertThat(members("classe-CP A")).containsExactly("uid=tom.petit,ou=people," + BASE);
        assertThat(members("classe-CE1 B")).containsExactly("uid=lea.martin,ou=people," + BASE);

        DirectoryAccount suspended = with(moved, "CE1 B", AccountStatus.SUSPENDED);
        target.push(moved, suspended, List::of);
        assertThat(server.getEntry("uid=lea.martin,ou=people," + BASE)).isNull();
        assertThat(server.getEntry("uid=lea.martin,ou=disabled," + BASE)).isNotNull();
        assertThat(server.getEntry("cn=classe-CE1 B,ou=groups," + BASE)).as("an emptied group goes").isNull();
        assertThat(members("eleves")).containsExactly("uid=tom.petit,ou=people," + BASE);

        target.push(suspended, moved, List::of);
        assertThat(server.getEntry("uid=lea.martin,ou=people," + BASE)).isNotNull();
        assertThat(server.getEntry("uid=lea.martin,ou=disabled," + BASE)).isNull();
        assertThat(members("classe-CE1 B")).containsExactly("uid=lea.martin,ou=people," + BASE);

        target.push(moved, with(moved, "CE1 B", AccountStatus.ERASED), List::of);
        assertThat(server.getEntry("uid=lea.martin,ou=people," + BASE)).isNull();
        assertThat(members("eleves")).containsExactly("uid=tom.petit,ou=people," + BASE);
    }

    @Test
    void in_attribute_mode_a_suspended_account_stays_in_people_and_is_marked() throws Exception {
        target.close();
        target = target(new LdapMapping(null, null, null, LdapMapping.DisabledMode.ATTRIBUTE, "description",
                "compte suspendu", null, null, null, null).withDefaults(), "secret-admin");
        DirectoryAccount lea = pupil("lea.martin", "Léa", "MARTIN", "CP A");
        target.push(null, lea, List::of);
        target.push(lea, with(lea, "CP A", AccountStatus.SUSPENDED), List::of);
        Entry entry = server.getEntry("uid=lea.martin,ou=people," + BASE);
        assertThat(entry.getAttributeValue("description")).isEqualTo("compte suspendu");
        assertThat(members("eleves")).isEmpty();
        target.push(lea, lea, List::of);
        assertThat(server.getEntry("uid=lea.martin,ou=people," + BASE).hasAttribute("description")).isFalse();
    }

    @Test
    void names_that_try_dn_and_filter_injection_stay_plain_values() throws Exception {
        DirectoryAccount hugo = pupil("hugo.dupontouadmins", "Hugo*)(uid=*", "DUPONT,ou=admins", "CP \\ Mme, O'NEIL+1");
        DirectoryAccount lea = pupil("lea.martin", "Léa", "MARTIN", "CP A");
        target.push(null, lea, List::of);
        target.push(null, hugo, List::of);
        target.push(hugo, hugo, List::of);

        Entry entry = server.getEntry("uid=hugo.dupontouadmins,ou=people," + BASE);
        assertThat(entry.getAttributeValue("sn")).isEqualTo("DUPONT,ou=admins");
        assertThat(entry.getAttributeValue("givenName")).isEqualTo("Hugo*)(uid=*");
        assertThat(server.search(BASE, SearchScope.SUB, "(ou=admins)").getEntryCount()).isZero();
        assertThat(server.getEntry("uid=lea.martin,ou=people," + BASE).getAttributeValue("sn")).isEqualTo("MARTIN");
        assertThat(server.search("ou=groups," + BASE, SearchScope.ONE, "(objectClass=groupOfNames)")
                .getSearchEntries().stream().map(e -> e.getAttributeValue("cn")).toList())
                .containsExactlyInAnyOrder("classe-CP A", "classe-CP \\ Mme, O'NEIL+1", "eleves");
        assertThat(target.drift(List.of(lea, hugo)).inSync()).isTrue();
    }

    @Test
    void drift_names_what_someone_changed_by_hand_and_a_full_sync_repairs_it() throws Exception {
        DirectoryAccount lea = pupil("lea.martin", "Léa", "MARTIN", "CP A");
        DirectoryAccount tom = pupil("tom.petit", "Tom", "PETIT", "CP A");
        DirectoryAccount zoe = pupil("zoe.roux", "Zoé", "ROUX", "CP B");
        List<DirectoryAccount> school = List.of(lea, tom, zoe);
        assertThat(target.syncAll(school)).isEqualTo(new Drift.Repair(6, 0, 0));
        assertThat(target.drift(school).inSync()).isTrue();
        var synced = dump();

        server.modify("uid=lea.martin,ou=people," + BASE, new Modification(ModificationType.REPLACE, "sn", "DURAND"),
                new Modification(ModificationType.REPLACE, "userPassword", "{SSHA}forged"));
        server.delete("uid=tom.petit,ou=people," + BASE);
        server.add(new Entry("uid=intrus,ou=people," + BASE, new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", "intrus"), new Attribute("cn", "Intrus"), new Attribute("sn", "Intrus")));
        server.modify("cn=classe-CP B,ou=groups," + BASE,
                new Modification(ModificationType.ADD, "member", "uid=intrus,ou=people," + BASE));

        Drift drift = target.drift(school);
        assertThat(drift.missing()).extracting(Drift.Entry::name).containsExactly("uid=tom.petit,ou=people," + BASE);
        assertThat(drift.extra()).extracting(Drift.Entry::name).containsExactly("uid=intrus,ou=people," + BASE);
        Drift.Entry leaDrift = drift.different().stream().filter(e -> lea.accountId().equals(e.accountId()))
                .findFirst().orElseThrow();
        assertThat(leaDrift.differences()).extracting(Drift.Difference::attribute)
                .containsExactlyInAnyOrder("sn", "userPassword");
        assertThat(leaDrift.differences()).filteredOn(d -> d.attribute().equals("userPassword"))
                .allSatisfy(d -> assertThat(d.actual()).isEqualTo("(hidden)"));
        assertThat(drift.different()).extracting(Drift.Entry::name)
                .contains("cn=classe-CP B,ou=groups," + BASE);

        Drift.Repair repair = target.syncAll(school);
        assertThat(repair.added()).isEqualTo(1);
        assertThat(repair.deleted()).isEqualTo(1);
        assertThat(target.drift(school).inSync()).isTrue();
        assertThat(dump()).isEqualTo(synced);
    }

    @Test
    void a_server_that_is_down_is_unavailable_and_wrong_credentials_are_refused() throws Exception {
        target.push(null, pupil("lea.martin", "Léa", "MARTIN", "CP A"), List::of);
        LdapDirectoryTarget refused = target("not-the-password");
        assertThatThrownBy(() -> refused.push(null, pupil("zoe.roux", "Zoé", "ROUX", "CP A"), List::of))
                .isInstanceOf(TargetRefusedException.class);
        assertThatThrownBy(() -> refused.push(null, pupil("tom.petit", "Tom", "PETIT", "CP A"), List::of))
                .isInstanceOf(TargetRefusedException.class).hasMessageContaining("invalid credentials");
        refused.close();

        server.shutDown(true);
        DirectoryAccount tom = pupil("tom.petit", "Tom", "PETIT", "CP A");
        assertThatThrownBy(() -> target.push(null, tom, List::of)).isInstanceOf(TargetUnavailableException.class)
                .hasMessageNotContaining("tom.petit").hasNoCause();
        server.startListening();
        target.push(null, tom, List::of); // reconnects by itself
        assertThat(server.getEntry("uid=tom.petit,ou=people," + BASE)).isNotNull();
    }

    private LdapDirectoryTarget target(String password) {
        return target(LdapMapping.DEFAULT, password);
    }

    @Test
    void a_connection_the_server_dropped_is_opened_again_without_failing_the_push() throws Exception {
        DirectoryAccount lea = pupil("lea.martin", "Léa", "MARTIN", "CP A");
        target.push(null, lea, List::of);

        server.closeAllConnections(true); // a restart, or the server's idle timeout
        DirectoryAccount tom = pupil("tom.petit", "Tom", "PETIT", "CP A");
        target.push(null, tom, List::of);
        assertThat(members("classe-CP A")).containsExactlyInAnyOrder("uid=lea.martin,ou=people," + BASE,
                "uid=tom.petit,ou=people," + BASE);

        target.closeIfIdle(); // used a moment ago: kept, and closing it anyway only means a new one next time
        target.close();
        target.push(lea, with(lea, "CE1 A", AccountStatus.ACTIVE), List::of);
        assertThat(members("classe-CE1 A")).containsExactly("uid=lea.martin,ou=people," + BASE);
    }

    @Test
    void a_missing_base_entry_is_refused_with_a_clear_message() {
        LdapDirectoryTarget wrongBase = new LdapDirectoryTarget(new TargetSettings(TargetSettings.Type.LDAP,
                "ldap://127.0.0.1:" + server.getListenPort(), "cn=admin," + BASE, "secret-admin", "dc=autre,dc=test",
                false, null, null, null), Duration.ofSeconds(2));
        assertThatThrownBy(wrongBase::check).isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("dc=autre,dc=test");
        wrongBase.close();
    }

    @SuppressWarnings("unused")
    private static List<DirectoryAccount> list(DirectoryAccount... accounts) {
        return new ArrayList<>(List.of(accounts));
    }

    @org.junit.jupiter.api.Test
    void a_refusal_message_never_quotes_a_persons_values() {
        String message = fr.intrascol.sync.query.intrascol.ldap.LdapDirectoryTarget.withoutNames(
                "entry \"uid=lea.martin,ou=eleves,dc=ecole\" already exists; cn=Léa MARTIN; memberUid=lea.martin");
        org.assertj.core.api.Assertions.assertThat(message).doesNotContain("lea.martin").doesNotContain("Léa")
                .contains("uid=…").contains("ou=eleves");
    }
}
