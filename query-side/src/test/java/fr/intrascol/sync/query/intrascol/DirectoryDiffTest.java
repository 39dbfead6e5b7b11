package fr.intrascol.sync.query.intrascol;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import fr.intrascol.sync.message.value.AccountStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure diff, without any server: desired accounts against entries built by hand. */
class DirectoryDiffTest {

    private static final DN PEOPLE = dn("ou=people,dc=ecole,dc=test");
    private static final DN DISABLED = dn("ou=disabled,dc=ecole,dc=test");
    private static final DN GROUPS = dn("ou=groups,dc=ecole,dc=test");

    /** A small layout: the LDAP one's shape (moved when suspended, class and role groups). */
    private static final DirectoryDiff.Layout LAYOUT = new DirectoryDiff.Layout() {
        @Override
        public Entry entry(DirectoryAccount a) {
            return new Entry(personDn(a), new Attribute("objectClass", "top", "person", "inetOrgPerson"),
                    new Attribute("uid", a.login()), new Attribute("cn", a.fullName()),
                    new Attribute("sn", a.surname()), new Attribute("userPassword", a.passwordHash()),
                    new Attribute("employeeNumber", a.accountId()));
        }

        @Override
        public Set<DN> groups(DirectoryAccount a) {
            Set<DN> groups = new LinkedHashSet<>();
            if (a.active()) {
                groups.add(group("classe-" + a.classGroup()));
                groups.add(group("eleves"));
            }
            return groups;
        }

        @Override
        public List<String> owned() {
            return List.of("cn", "sn", "userPassword", "employeeNumber");
        }

        @Override
        public Map<String, List<String>> required() {
            return Map.of("objectClass", List.of("inetOrgPerson"));
        }

        @Override
        public String name(Entry entry) {
            return entry.getDN();
        }

        @Override
        public String accountId(Entry entry) {
            return entry.getAttributeValue("employeeNumber");
        }
    };

    private static DN personDn(DirectoryAccount a) {
        return new DN(new RDN("uid", a.login()), a.active() ? PEOPLE : DISABLED);
    }

    private static DN group(String cn) {
        return new DN(new RDN("cn", cn), GROUPS);
    }

    private static DN dn(String dn) {
        try {
            return new DN(dn);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static DirectoryAccount pupil(String id, String login, String last, String classGroup, AccountStatus status) {
        return new DirectoryAccount(id, "0170001J", login, "PUPIL", last, null, "Léa", classGroup, "CP", status,
                "{CRYPT}hash-" + login);
    }

    private static final DirectoryAccount LEA = pupil("a1", "lea.martin", "MARTIN", "CP A", AccountStatus.ACTIVE);
    private static final DirectoryAccount TOM = pupil("a2", "tom.petit", "PETIT", "CP A", AccountStatus.ACTIVE);

    /** The server as it would be after pushing exactly {@code accounts}. */
    private static DirectoryDiff.Actual holding(DirectoryAccount... accounts) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<DN, Set<DN>> groups = new LinkedHashMap<>();
        for (DirectoryAccount a : accounts) {
            entries.put(a.login(), LAYOUT.entry(a));
            for (DN g : LAYOUT.groups(a)) {
                groups.computeIfAbsent(g, x -> new LinkedHashSet<>()).add(personDn(a));
            }
        }
        return new DirectoryDiff.Actual(entries, List.of(), groups);
    }

    @Test
    void an_empty_server_gets_every_entry_and_group() {
        DirectoryDiff.Changes changes = DirectoryDiff.school(List.of(LEA, TOM),
                new DirectoryDiff.Actual(Map.of(), List.of(), Map.of()), LAYOUT);

        assertThat(changes.adds()).extracting(DirectoryDiff.Add::accountId).containsExactly("a1", "a2");
        assertThat(changes.adds().get(0).entry().getDN()).isEqualTo("uid=lea.martin,ou=people,dc=ecole,dc=test");
        assertThat(changes.groups()).extracting(DirectoryDiff.GroupChange::kind)
                .containsOnly(DirectoryDiff.GroupChange.Kind.CREATE);
        assertThat(changes.groups()).allSatisfy(g -> assertThat(g.members())
                .containsExactlyInAnyOrder(personDn(LEA), personDn(TOM)));
        assertThat(changes.counts()).isEqualTo(new Drift.Repair(4, 0, 0));
        Drift drift = changes.drift();
        assertThat(drift.missing()).extracting(Drift.Entry::name).containsExactly(
                "uid=lea.martin,ou=people,dc=ecole,dc=test", "uid=tom.petit,ou=people,dc=ecole,dc=test",
                "cn=classe-CP A,ou=groups,dc=ecole,dc=test", "cn=eleves,ou=groups,dc=ecole,dc=test");
    }

    @Test
    void a_server_that_holds_the_school_needs_nothing() {
        DirectoryDiff.Changes changes = DirectoryDiff.school(List.of(LEA, TOM), holding(LEA, TOM), LAYOUT);
        assertThat(changes.none()).isTrue();
        assertThat(changes.drift().inSync()).isTrue();
        assertThat(DirectoryDiff.account(LEA, holding(LEA), LAYOUT).none()).isTrue();
    }

    @Test
    void an_attribute_changed_by_hand_is_replaced_alone_and_a_password_is_never_shown() {
        Entry lea = LAYOUT.entry(LEA);
        lea.setAttribute("sn", "Martin"); // only the case differs: still a change
        lea.setAttribute("userPassword", "{SSHA}forged");
        lea.setAttribute("mail", "lea@example.org"); // not the projector's: left alone
        DirectoryDiff.Actual actual = new DirectoryDiff.Actual(Map.of("lea.martin", lea), List.of(),
                holding(LEA).groups());

        DirectoryDiff.Changes changes = DirectoryDiff.school(List.of(LEA), actual, LAYOUT);

        assertThat(changes.adds()).isEmpty();
        assertThat(changes.deletes()).isEmpty();
        assertThat(changes.groups()).isEmpty();
        DirectoryDiff.Modify modify = changes.modifies().get(0);
        assertThat(modify.moveTo()).isNull();
        assertThat(modify.modifications()).containsExactly(
                new Modification(ModificationType.REPLACE, "sn", "MARTIN"),
                new Modification(ModificationType.REPLACE, "userPassword", "{CRYPT}hash-lea.martin"));
        assertThat(modify.differences()).containsExactly(new Drift.Difference("sn", "MARTIN", "Martin"),
                new Drift.Difference("userPassword", DirectoryDiff.HIDDEN, DirectoryDiff.HIDDEN));
        assertThat(changes.counts()).isEqualTo(new Drift.Repair(0, 1, 0));
    }

    @Test
    void an_owned_attribute_that_should_be_absent_is_emptied_and_a_missing_class_is_added() {
        Entry lea = new Entry(personDn(LEA), new Attribute("objectClass", "top", "person"),
                new Attribute("uid", "lea.martin"), new Attribute("cn", "Léa MARTIN"), new Attribute("sn", "MARTIN"),
                new Attribute("userPassword", "{CRYPT}hash-lea.martin"), new Attribute("employeeNumber", "a1"));
        DirectoryAccount noPassword = new DirectoryAccount("a1", "0170001J", "lea.martin", "PUPIL", "MARTIN", null,
                "Léa", "CP A", "CP", AccountStatus.ACTIVE, "{CRYPT}hash-lea.martin");
        DirectoryDiff.Layout withoutPasswords = new DirectoryDiff.Layout() {
            @Override
            public Entry entry(DirectoryAccount a) {
                Entry entry = LAYOUT.entry(a);
                entry.removeAttribute("userPassword");
                return entry;
            }

            @Override
            public List<String> owned() {
                return LAYOUT.owned();
            }

            @Override
            public Map<String, List<String>> required() {
                return LAYOUT.required();
            }

            @Override
            public String name(Entry entry) {
                return entry.getDN();
            }

            @Override
            public String accountId(Entry entry) {
                return entry.getAttributeValue("employeeNumber");
            }
        };

        DirectoryDiff.Modify modify = DirectoryDiff.school(List.of(noPassword),
                DirectoryDiff.Actual.of(Map.of("lea.martin", lea)), withoutPasswords).modifies().get(0);

        assertThat(modify.modifications()).containsExactly(
                new Modification(ModificationType.ADD, "objectClass", "inetOrgPerson"),
                new Modification(ModificationType.REPLACE, "userPassword"));
        assertThat(modify.differences()).extracting(Drift.Difference::attribute)
                .containsExactly("objectClass", "userPassword");
        assertThat(modify.differences().get(1).expected()).isNull();
    }

    @Test
    void a_suspended_account_moves_and_leaves_its_groups_which_go_when_emptied() {
        DirectoryAccount suspended = pupil("a1", "lea.martin", "MARTIN", "CP B", AccountStatus.SUSPENDED);
        DirectoryAccount leaInB = pupil("a1", "lea.martin", "MARTIN", "CP B", AccountStatus.ACTIVE);

        DirectoryDiff.Changes changes = DirectoryDiff.school(List.of(suspended, TOM),
                holding(leaInB, TOM), LAYOUT);

        DirectoryDiff.Modify modify = changes.modifies().get(0);
        assertThat(modify.moveTo()).isEqualTo(personDn(suspended));
        assertThat(modify.dn()).isEqualTo(personDn(suspended));
        assertThat(modify.modifications()).isEmpty();
        assertThat(modify.differences()).containsExactly(new Drift.Difference("dn",
                "uid=lea.martin,ou=disabled,dc=ecole,dc=test", "uid=lea.martin,ou=people,dc=ecole,dc=test"));
        assertThat(changes.groups()).containsExactly(
                new DirectoryDiff.GroupChange(group("eleves"), DirectoryDiff.GroupChange.Kind.MEMBERS,
                        Set.of(personDn(TOM)), Set.of(), Set.of(personDn(leaInB))),
                new DirectoryDiff.GroupChange(group("classe-CP B"), DirectoryDiff.GroupChange.Kind.DELETE,
                        Set.of(), Set.of(), Set.of(personDn(leaInB))));
        assertThat(changes.counts()).isEqualTo(new Drift.Repair(0, 2, 1));
        Drift drift = changes.drift();
        assertThat(drift.extra()).extracting(Drift.Entry::name)
                .containsExactly("cn=classe-CP B,ou=groups,dc=ecole,dc=test");
        assertThat(drift.different().get(1).differences()).containsExactly(new Drift.Difference("member",
                List.of(), List.of("uid=lea.martin,ou=people,dc=ecole,dc=test")));
    }

    @Test
    void entries_no_account_explains_are_deleted_and_a_stranger_names_no_account() {
        Entry stranger = new Entry(dn("cn=imprimante,ou=people,dc=ecole,dc=test"),
                new Attribute("objectClass", "device"), new Attribute("employeeNumber", "x"));
        DirectoryDiff.Actual actual = holding(LEA, TOM);
        DirectoryDiff.Changes changes = DirectoryDiff.school(List.of(LEA),
                new DirectoryDiff.Actual(actual.entries(), List.of(stranger), actual.groups()), LAYOUT);

        assertThat(changes.deletes()).extracting(DirectoryDiff.Delete::name, DirectoryDiff.Delete::accountId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("uid=tom.petit,ou=people,dc=ecole,dc=test", "a2"),
                        org.assertj.core.groups.Tuple.tuple("cn=imprimante,ou=people,dc=ecole,dc=test", null));
        assertThat(changes.groups()).extracting(DirectoryDiff.GroupChange::kind)
                .containsOnly(DirectoryDiff.GroupChange.Kind.MEMBERS);
        assertThat(changes.groups()).allSatisfy(g -> assertThat(g.removed()).containsExactly(personDn(TOM)));
    }

    @Test
    void for_one_account_groups_change_by_membership_only() {
        // the push reads only the account's own entry and memberships: other members are unknown
        DirectoryAccount moved = pupil("a1", "lea.martin", "MARTIN", "CE1 B", AccountStatus.ACTIVE);
        DirectoryDiff.Changes changes = DirectoryDiff.account(moved, holding(LEA), LAYOUT);
        assertThat(changes.modifies()).isEmpty();
        assertThat(changes.groups()).containsExactly(
                new DirectoryDiff.GroupChange(group("classe-CE1 B"), DirectoryDiff.GroupChange.Kind.MEMBERS,
                        Set.of(personDn(moved)), Set.of(personDn(moved)), Set.of()),
                new DirectoryDiff.GroupChange(group("classe-CP A"), DirectoryDiff.GroupChange.Kind.MEMBERS,
                        Set.of(), Set.of(), Set.of(personDn(LEA))));

        DirectoryAccount erased = pupil("a1", "lea.martin", "MARTIN", "CP A", AccountStatus.ERASED);
        DirectoryDiff.Changes gone = DirectoryDiff.account(erased, holding(LEA), LAYOUT);
        assertThat(gone.deletes()).extracting(DirectoryDiff.Delete::accountId).containsExactly("a1");
        assertThat(gone.groups()).hasSize(2).allSatisfy(g -> {
            assertThat(g.kind()).isEqualTo(DirectoryDiff.GroupChange.Kind.MEMBERS);
            assertThat(g.removed()).containsExactly(personDn(LEA));
        });

        DirectoryDiff.Changes fresh = DirectoryDiff.account(TOM,
                new DirectoryDiff.Actual(Map.of(), List.of(), Map.of()), LAYOUT);
        assertThat(fresh.adds()).hasSize(1);
        assertThat(fresh.groups()).extracting(DirectoryDiff.GroupChange::kind)
                .containsOnly(DirectoryDiff.GroupChange.Kind.MEMBERS);
        List<DN> added = new ArrayList<>();
        fresh.groups().forEach(g -> added.addAll(g.added()));
        assertThat(added).containsOnly(personDn(TOM));
    }
}
