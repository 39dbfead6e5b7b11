package fr.intrascol.sync.query.intrascol;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.query.intrascol.ldap.LdapDirectoryTarget;
import fr.intrascol.sync.query.intrascol.ldap.LdapMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A school's batch pushed as its final state: the operations the server receives are counted by an
 * interceptor, and the directory it ends with is compared with the one the same changes pushed account by
 * account build on a second server.
 */
class LdapBatchPushTest {

    private static final String BASE = "dc=ecole,dc=test";

    /** Counts the operations a server receives by kind, and can refuse the adds after a number of them. */
    private static final class Counting extends InMemoryOperationInterceptor {
        final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        volatile int addsBeforeOutage = Integer.MAX_VALUE;

        private void count(String kind) {
            counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }

        int get(String kind) {
            AtomicInteger count = counts.get(kind);
            return count == null ? 0 : count.get();
        }

        int writes() {
            return get("add") + get("modify") + get("delete") + get("modifyDN");
        }

        @Override
        public void processAddRequest(InMemoryInterceptedAddRequest request) throws LDAPException {
            if (addsBeforeOutage-- <= 0) {
                throw new LDAPException(ResultCode.UNAVAILABLE, "the server stops answering");
            }
            count("add");
        }

        @Override
        public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
            count("modify");
        }

        @Override
        public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) {
            count("delete");
        }

        @Override
        public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) {
            count("modifyDN");
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            count("search");
        }
    }

    private final List<InMemoryDirectoryServer> servers = new ArrayList<>();
    private final List<LdapDirectoryTarget> targets = new ArrayList<>();
    private Counting counting;
    private InMemoryDirectoryServer server;
    private LdapDirectoryTarget target;
    private InMemoryDirectoryServer reference;
    private LdapDirectoryTarget oneByOne;

    @BeforeEach
    void start() throws Exception {
        counting = new Counting();
        server = server(counting);
        target = target(server);
        target.check(); // the organisational units: not counted
        counting.counts.clear();
        reference = server(null);
        oneByOne = target(reference);
    }

    private InMemoryDirectoryServer server(InMemoryOperationInterceptor interceptor) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials("cn=admin," + BASE, "secret-admin");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        if (interceptor != null) {
            config.addInMemoryOperationInterceptor(interceptor);
        }
        InMemoryDirectoryServer started = new InMemoryDirectoryServer(config);
        started.add(new Entry(BASE, new Attribute("objectClass", "top", "domain"), new Attribute("dc", "ecole")));
        started.startListening();
        servers.add(started);
        return started;
    }

    private LdapDirectoryTarget target(InMemoryDirectoryServer on) {
        LdapDirectoryTarget created = new LdapDirectoryTarget(new TargetSettings(TargetSettings.Type.LDAP,
                "ldap://127.0.0.1:" + on.getListenPort(), "cn=admin," + BASE, "secret-admin", BASE, false, null, null,
                LdapMapping.DEFAULT), Duration.ofSeconds(2));
        targets.add(created);
        return created;
    }

    @AfterEach
    void stop() {
        targets.forEach(LdapDirectoryTarget::close);
        servers.forEach(s -> s.shutDown(true));
    }

    private static DirectoryAccount pupil(int i, String classGroup) {
        return new DirectoryAccount(UUID.nameUUIDFromBytes(("pupil" + i).getBytes()).toString(), "0170001J",
                "eleve" + i, "PUPIL", "NOM" + i, null, "Prénom" + i, classGroup, "CP", AccountStatus.ACTIVE,
                "{CRYPT}$6$salt$hash-" + i);
    }

    private static DirectoryAccount with(DirectoryAccount a, String classGroup, AccountStatus status) {
        return new DirectoryAccount(a.accountId(), a.uai(), a.login(), a.role(), a.lastName(), a.usageName(),
                a.firstName(), classGroup, a.level(), status, a.passwordHash());
    }

    private static DirectoryAccount renamed(DirectoryAccount a, String lastName) {
        return new DirectoryAccount(a.accountId(), a.uai(), a.login(), a.role(), lastName, a.usageName(),
                a.firstName(), a.classGroup(), a.level(), a.status(), a.passwordHash());
    }

    /** Pushes the batch to the counted server, and the same changes account by account to the reference. */
    private void pushBoth(SchoolChanges changes) {
        target.push(changes);
        Map<String, DirectoryAccount> school = changes.beforeById();
        for (DirectoryAccount after : changes.changed()) {
            DirectoryAccount before = school.get(after.accountId());
            school.put(after.accountId(), after);
            List<DirectoryAccount> now = List.copyOf(school.values());
            oneByOne.push(before, after, () -> now);
        }
    }

    private static Map<String, Map<String, List<String>>> dump(InMemoryDirectoryServer on) throws Exception {
        Map<String, Map<String, List<String>>> all = new TreeMap<>();
        for (SearchResultEntry e : on.search(BASE, SearchScope.SUB, "(objectClass=*)").getSearchEntries()) {
            Map<String, List<String>> attributes = new TreeMap<>();
            for (Attribute a : e.getAttributes()) {
                attributes.put(a.getName().toLowerCase(), List.of(a.getValues()).stream().sorted().toList());
            }
            all.put(e.getParsedDN().toNormalizedString(), attributes);
        }
        return all;
    }

    private static List<DirectoryAccount> year1(int pupils) {
        List<DirectoryAccount> accounts = new ArrayList<>();
        for (int i = 0; i < pupils; i++) {
            accounts.add(pupil(i, "CP " + (char) ('A' + i % 4)));
        }
        return accounts;
    }

    @Test
    void a_hundred_new_pupils_of_four_classes_are_a_hundred_adds_and_five_group_adds_without_a_search()
            throws Exception {
        pushBoth(new SchoolChanges("0170001J", List.of(), year1(100)));

        assertThat(counting.get("add")).isEqualTo(105);
        assertThat(counting.writes()).isEqualTo(105);
        assertThat(counting.get("search")).as("the state says they are new: nothing to read").isZero();
        assertThat(dump(server)).isEqualTo(dump(reference));
        assertThat(server.getEntry("cn=classe-CP A,ou=groups," + BASE).getAttributeValues("member")).hasSize(25);
        assertThat(server.getEntry("cn=eleves,ou=groups," + BASE).getAttributeValues("member")).hasSize(100);
    }

    @Test
    void moves_departures_suspensions_arrivals_and_corrections_write_each_entry_and_group_once() throws Exception {
        List<DirectoryAccount> school = year1(100);
        pushBoth(new SchoolChanges("0170001J", List.of(), school));
        counting.counts.clear();

        Map<String, DirectoryAccount> changed = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) { // moved up into CE1 A or CE1 B (new classes)
            changed.put(school.get(i).accountId(), with(school.get(i), "CE1 " + (char) ('A' + i % 2),
                    AccountStatus.ACTIVE));
        }
        for (int i = 40; i < 50; i++) { // left the school
            changed.put(school.get(i).accountId(), with(school.get(i), school.get(i).classGroup(),
                    AccountStatus.ERASED));
        }
        for (int i = 50; i < 55; i++) { // suspended: moved to the disabled folder, out of their groups
            changed.put(school.get(i).accountId(), with(school.get(i), school.get(i).classGroup(),
                    AccountStatus.SUSPENDED));
        }
        changed.put(school.get(60).accountId(), renamed(school.get(60), "NOUVEAU-NOM"));
        for (int i = 100; i < 110; i++) { // arrivals in CP A
            changed.put(pupil(i, "CP A").accountId(), pupil(i, "CP A"));
        }
        pushBoth(new SchoolChanges("0170001J", school, List.copyOf(changed.values())));

        // entries: 10 deletes, 5 renames (modify DN), 1 modify, 10 adds; groups: CE1 A and CE1 B created,
        // CP A, CP B, CP C, CP D and eleves changed once each
        assertThat(counting.get("add")).isEqualTo(12);
        assertThat(counting.get("delete")).isEqualTo(10);
        assertThat(counting.get("modifyDN")).isEqualTo(5);
        assertThat(counting.get("modify")).isEqualTo(1 + 5);
        assertThat(counting.writes()).isLessThanOrEqualTo((int) Math.ceil(1.2 * changed.size()));
        assertThat(counting.get("search")).isZero();
        assertThat(dump(server)).isEqualTo(dump(reference));
    }

    @Test
    void where_the_server_differs_from_the_state_that_entry_or_group_is_read_and_brought_in_line() throws Exception {
        List<DirectoryAccount> school = year1(8);
        // an earlier attempt was cut short: two entries and a group with one member already there
        oneByOne.push(null, school.get(0), List::of);
        target.push(null, school.get(0), List::of);
        target.push(null, school.get(1), List::of);
        oneByOne.push(null, school.get(1), List::of);
        server.modify("cn=classe-CP A,ou=groups," + BASE, new Modification(ModificationType.ADD, "member",
                "uid=intrus,ou=people," + BASE));
        reference.modify("cn=classe-CP A,ou=groups," + BASE, new Modification(ModificationType.ADD, "member",
                "uid=intrus,ou=people," + BASE));
        // someone deleted an entry the state says is there
        DirectoryAccount third = pupil(50, "CP C");
        target.push(null, third, List::of);
        oneByOne.push(null, third, List::of);
        server.delete("uid=eleve50,ou=people," + BASE);

        List<DirectoryAccount> before = List.of(third);
        List<DirectoryAccount> changed = new ArrayList<>(school);
        changed.add(renamed(third, "REVENU"));
        target.push(new SchoolChanges("0170001J", before, changed));
        Map<String, DirectoryAccount> byId = new LinkedHashMap<>();
        before.forEach(a -> byId.put(a.accountId(), a));
        for (DirectoryAccount after : changed) {
            DirectoryAccount was = byId.put(after.accountId(), after);
            oneByOne.push(was, after, () -> List.copyOf(byId.values()));
        }

        Map<String, Map<String, List<String>>> pushed = dump(server);
        Map<String, Map<String, List<String>>> expected = dump(reference);
        assertThat(pushed).isEqualTo(expected);
        assertThat(server.getEntry("uid=eleve50,ou=people," + BASE).getAttributeValue("sn")).isEqualTo("REVENU");
    }

    @Test
    void a_server_that_stops_answering_in_the_middle_fails_the_push_and_a_retry_completes_it() throws Exception {
        List<DirectoryAccount> school = year1(40);
        counting.addsBeforeOutage = 17;
        SchoolChanges changes = new SchoolChanges("0170001J", List.of(), school);
        assertThatThrownBy(() -> target.push(changes)).isInstanceOf(TargetUnavailableException.class);
        assertThat(server.search("ou=people," + BASE, SearchScope.ONE, "(uid=*)").getEntryCount()).isEqualTo(17);

        counting.addsBeforeOutage = Integer.MAX_VALUE;
        pushBoth(changes); // the same batch again, as a redelivery would: the 17 already there are read and kept
        assertThat(dump(server)).isEqualTo(dump(reference));
        assertThat(server.search("ou=people," + BASE, SearchScope.ONE, "(uid=*)").getEntryCount()).isEqualTo(40);
    }
}
