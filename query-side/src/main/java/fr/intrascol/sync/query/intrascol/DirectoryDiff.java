package fr.intrascol.sync.query.intrascol;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What must change on a school's server for it to hold what the projector says: entries to add,
 * entries to move or modify attribute by attribute, entries to delete, and group members to add or
 * remove. Pure (no I/O): a target reads its server, asks this class, and applies the answer. A push
 * (one account), a drift report and a repair (the whole school) of every target all come from this one
 * comparison, so a drift report names exactly what the repair will change.
 *
 * <p>Entries are UnboundID {@link Entry} objects used as plain in-memory records (a users file's rows
 * too), so the attribute-level comparison is {@link Entry#diff}: only the attributes the projector owns
 * (anything else put on an entry is left alone), value sets compared byte for byte (a name whose case
 * changed is a change), one REPLACE per attribute that differs.
 */
public final class DirectoryDiff {

    /** Shown instead of a password hash in a drift report. */
    public static final String HIDDEN = "(hidden)";
    private static final String SECRET = "userPassword";

    private DirectoryDiff() {
    }

    /** How a target lays a school out. Pure functions of their arguments. */
    public interface Layout {

        /** The entry an account that is {@linkplain DirectoryAccount#present() present} must have. */
        Entry entry(DirectoryAccount account);

        /** The groups the account's entry must be a member of; none for a target without groups. */
        default Set<DN> groups(DirectoryAccount account) {
            return Set.of();
        }

        /** The attributes the projector owns on an entry, in the order a drift report lists them. */
        List<String> owned();

        /**
         * Values an entry must carry among whatever others it has (the object class that allows the owned
         * attributes): missing ones are added, others left alone.
         */
        default Map<String, List<String>> required() {
            return Map.of();
        }

        /** The DN of the entry of an account that is present (the DN of {@link #entry}, without building it). */
        default DN dn(DirectoryAccount account) {
            return parsed(entry(account));
        }

        /** The entry's name in a drift report: its DN, or its login for a file. */
        String name(Entry entry);

        /** The account an entry on the server says it stands for, if it says. */
        String accountId(Entry entry);
    }

    /**
     * What the server holds: entries by login; entries under the projector's folders that no login
     * explains ({@code strangers}: no login, or the second of a login); groups with their members.
     */
    public record Actual(Map<String, Entry> entries, List<Entry> strangers, Map<DN, Set<DN>> groups) {

        /** Entries only: a target without groups. */
        public static Actual of(Map<String, Entry> entries) {
            return new Actual(entries, List.of(), Map.of());
        }
    }

    /** An entry to create. */
    public record Add(String name, String accountId, Entry entry) {
    }

    /**
     * An entry to correct: moved to {@code moveTo} first when its DN differs (null: it stays), then
     * {@code modifications} applied to it; {@code differences} say the same for a report (no password).
     */
    public record Modify(String name, String accountId, Entry actual, DN moveTo, List<Modification> modifications,
                         List<Drift.Difference> differences) {

        /** The entry's DN once moved. */
        public DN dn() {
            return moveTo != null ? moveTo : parsed(actual);
        }
    }

    /** An entry to remove; {@code accountId} null for a stranger. */
    public record Delete(String name, String accountId, Entry entry) {
    }

    /**
     * A group to create with {@code members}, to delete, or whose members change ({@code added},
     * {@code removed}; {@code members}: all it must have). When only one account was compared, every
     * group change is about that account's membership alone ({@link Kind#MEMBERS}): whether the group
     * exists, or keeps other members, was not read.
     */
    public record GroupChange(DN group, Kind kind, Set<DN> members, Set<DN> added, Set<DN> removed) {

        public enum Kind { CREATE, MEMBERS, DELETE }
    }

    /** Everything to change; empty when the server already holds what it must. */
    public record Changes(List<Add> adds, List<Modify> modifies, List<Delete> deletes, List<GroupChange> groups) {

        public boolean none() {
            return adds.isEmpty() && modifies.isEmpty() && deletes.isEmpty() && groups.isEmpty();
        }

        /** These changes as a drift report: what is missing, extra, and different. */
        public Drift drift() {
            List<Drift.Entry> missing = new ArrayList<>();
            List<Drift.Entry> extra = new ArrayList<>();
            List<Drift.Entry> different = new ArrayList<>();
            adds.forEach(a -> missing.add(Drift.Entry.of(a.name(), a.accountId())));
            deletes.forEach(d -> extra.add(Drift.Entry.of(d.name(), d.accountId())));
            modifies.forEach(m -> different.add(new Drift.Entry(m.name(), m.accountId(), m.differences())));
            for (GroupChange g : groups) {
                switch (g.kind()) {
                    case CREATE -> missing.add(Drift.Entry.of(g.group().toString(), null));
                    case DELETE -> extra.add(Drift.Entry.of(g.group().toString(), null));
                    case MEMBERS -> different.add(new Drift.Entry(g.group().toString(), null, List.of(
                            new Drift.Difference("member", names(g.added()), names(g.removed())))));
                }
            }
            return new Drift(missing, extra, different);
        }

        /** How many entries these changes add, modify and delete (a group counts as one entry). */
        public Drift.Repair counts() {
            return new Drift.Repair(adds.size() + groups(GroupChange.Kind.CREATE),
                    modifies.size() + groups(GroupChange.Kind.MEMBERS),
                    deletes.size() + groups(GroupChange.Kind.DELETE));
        }

        private int groups(GroupChange.Kind kind) {
            return (int) groups.stream().filter(g -> g.kind() == kind).count();
        }
    }

    /**
     * The whole school: {@code desired} is every account of the school (those not present must have no
     * entry); {@code actual} everything the server holds under the projector's folders.
     */
    public static Changes school(List<DirectoryAccount> desired, Actual actual, Layout layout) {
        return diff(desired, actual, layout, true);
    }

    /**
     * One account: {@code actual} holds at most the entry found for its login, and the groups that have
     * that entry as a member (with that member only).
     */
    public static Changes account(DirectoryAccount account, Actual actual, Layout layout) {
        return diff(List.of(account), actual, layout, false);
    }

    /**
     * One school's batch, from the projector's own state alone (no read of the server): the entries of the
     * changed accounts as they were last pushed ({@code before}) against what they must now be, and every
     * group one of them left or joined, its members whole before and after the batch: {@link GroupChange.Kind#CREATE}
     * when it had no member before, {@link GroupChange.Kind#DELETE} when it has none after, otherwise
     * {@link GroupChange.Kind#MEMBERS} with the members added and removed (and all it must have).
     */
    public static Changes batch(SchoolChanges changes, Layout layout) {
        Map<String, DirectoryAccount> before = changes.beforeById();
        Map<String, Entry> pushed = new HashMap<>();
        Set<DN> touched = new HashSet<>();
        for (DirectoryAccount after : changes.changed()) {
            DirectoryAccount was = before.get(after.accountId());
            if (was != null && was.present()) {
                pushed.put(was.login(), layout.entry(was));
                touched.addAll(layout.groups(was));
            }
            if (after.present()) {
                touched.addAll(layout.groups(after));
            }
        }
        Changes entries = diff(changes.changed(), Actual.of(pushed), layout, false);
        return new Changes(entries.adds(), entries.modifies(), entries.deletes(),
                groups(members(changes.after(), touched, layout), members(changes.before(), touched, layout), true));
    }

    /** The members of each of {@code groups} that has any among {@code accounts}. */
    private static Map<DN, Set<DN>> members(List<DirectoryAccount> accounts, Set<DN> groups, Layout layout) {
        Map<DN, Set<DN>> members = new TreeMap<>();
        for (DirectoryAccount account : accounts) {
            if (!account.present()) {
                continue;
            }
            DN dn = null;
            for (DN group : layout.groups(account)) {
                if (groups.contains(group)) {
                    dn = dn != null ? dn : layout.dn(account);
                    members.computeIfAbsent(group, g -> new TreeSet<>()).add(dn);
                }
            }
        }
        return members;
    }

    private static Changes diff(List<DirectoryAccount> desired, Actual actual, Layout layout, boolean whole) {
        List<Add> adds = new ArrayList<>();
        List<Modify> modifies = new ArrayList<>();
        List<Delete> deletes = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        Map<DN, Set<DN>> wantedGroups = new TreeMap<>();
        for (DirectoryAccount account : desired) {
            if (!account.present()) {
                continue;
            }
            wanted.add(account.login());
            Entry should = layout.entry(account);
            for (DN group : layout.groups(account)) {
                wantedGroups.computeIfAbsent(group, g -> new TreeSet<>()).add(parsed(should));
            }
            Entry has = actual.entries().get(account.login());
            if (has == null) {
                adds.add(new Add(layout.name(should), account.accountId(), should));
            } else {
                Modify modify = modify(account, should, has, layout);
                if (modify != null) {
                    modifies.add(modify);
                }
            }
        }
        actual.entries().forEach((login, has) -> {
            if (!wanted.contains(login)) {
                deletes.add(new Delete(layout.name(has), layout.accountId(has), has));
            }
        });
        actual.strangers().forEach(stranger -> deletes.add(new Delete(layout.name(stranger), null, stranger)));
        return new Changes(adds, modifies, deletes, groups(wantedGroups, actual.groups(), whole));
    }

    private static List<GroupChange> groups(Map<DN, Set<DN>> wanted, Map<DN, Set<DN>> actual, boolean whole) {
        List<GroupChange> changes = new ArrayList<>();
        wanted.forEach((group, members) -> {
            Set<DN> has = actual.get(group);
            if (has == null) {
                changes.add(new GroupChange(group, whole ? GroupChange.Kind.CREATE : GroupChange.Kind.MEMBERS,
                        members, members, Set.of()));
            } else if (!has.equals(members)) {
                changes.add(new GroupChange(group, GroupChange.Kind.MEMBERS, members, minus(members, has),
                        minus(has, members)));
            }
        });
        new TreeMap<>(actual).forEach((group, has) -> {
            if (!wanted.containsKey(group)) {
                changes.add(whole ? new GroupChange(group, GroupChange.Kind.DELETE, Set.of(), Set.of(), has)
                        : new GroupChange(group, GroupChange.Kind.MEMBERS, Set.of(), Set.of(), has));
            }
        });
        return changes;
    }

    /** What differs between the entry the server has and the one it should have; null when nothing. */
    private static Modify modify(DirectoryAccount account, Entry should, Entry has, Layout layout) {
        List<Modification> modifications = new ArrayList<>();
        List<Drift.Difference> differences = new ArrayList<>();
        DN dn = parsed(should);
        boolean moved = !dn.equals(parsed(has));
        if (moved) {
            differences.add(new Drift.Difference("dn", dn.toString(), has.getDN()));
        }
        layout.required().forEach((name, values) -> {
            String[] missing = values.stream().filter(v -> !has.hasAttributeValue(name, v)).toArray(String[]::new);
            if (missing.length > 0) {
                modifications.add(new Modification(ModificationType.ADD, name, missing));
                differences.add(new Drift.Difference(name, one(Arrays.asList(missing)), shown(name, has)));
            }
        });
        List<String> owned = layout.owned();
        List<Modification> replaced = new ArrayList<>(
                Entry.diff(has, should, false, false, true, owned.toArray(String[]::new)));
        replaced.sort(Comparator.comparingInt(m -> position(owned, m.getAttributeName())));
        for (Modification m : replaced) {
            String name = owned.get(position(owned, m.getAttributeName()));
            modifications.add(new Modification(m.getModificationType(), name, m.getValues()));
            List<String> values = Arrays.asList(m.getValues());
            differences.add(new Drift.Difference(name, values.isEmpty() ? null : secret(name) ? HIDDEN : one(values),
                    shown(name, has)));
        }
        if (!moved && modifications.isEmpty()) {
            return null;
        }
        return new Modify(layout.name(has), account.accountId(), has, moved ? dn : null, modifications, differences);
    }

    /** An attribute's values as a report shows them: null when absent, hidden for a password. */
    private static Object shown(String name, Entry entry) {
        Attribute attribute = entry.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        return secret(name) ? HIDDEN : one(Arrays.asList(attribute.getValues()));
    }

    private static boolean secret(String name) {
        return name.equalsIgnoreCase(SECRET);
    }

    private static Object one(List<String> values) {
        return values.size() == 1 ? values.get(0) : values;
    }

    private static int position(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalStateException("Entry.diff answered an attribute it was not asked about: " + name);
    }

    private static Set<DN> minus(Set<DN> a, Set<DN> b) {
        Set<DN> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    /** DNs as sorted strings, for a report. */
    public static List<String> names(Collection<DN> dns) {
        return dns.stream().map(DN::toString).sorted().toList();
    }

    static DN parsed(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Not a DN: " + e.getMessage(), e);
        }
    }
}
