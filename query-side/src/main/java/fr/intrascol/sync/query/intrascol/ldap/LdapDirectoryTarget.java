package fr.intrascol.sync.query.intrascol.ldap;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import fr.intrascol.sync.query.intrascol.DirectoryAccount;
import fr.intrascol.sync.query.intrascol.DirectoryDiff;
import fr.intrascol.sync.query.intrascol.DirectoryTarget;
import fr.intrascol.sync.query.intrascol.Drift;
import fr.intrascol.sync.query.intrascol.SchoolChanges;
import fr.intrascol.sync.query.intrascol.TargetRefusedException;
import fr.intrascol.sync.query.intrascol.TargetSettings;
import fr.intrascol.sync.query.intrascol.TargetUnavailableException;

import javax.net.SocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A school's IntraScol directory, reached with the UnboundID LDAP SDK.
 *
 * <p>Every DN is built from {@link RDN} values and every filter with {@link Filter} factories, so
 * names from an extraction ({@code DUPONT,ou=admins}, {@code Hugo*)(uid=*}) are escaped (RFC 4514,
 * RFC 4515) and only ever become attribute values. A push, a drift report and a repair read what the
 * server holds, ask {@link DirectoryDiff} what differs from what it should hold, and send only that, so
 * a repeated push changes nothing.
 */
public final class LdapDirectoryTarget implements DirectoryTarget {

    /** The attributes this projector owns on a person entry; anything else on the entry is left alone. */
    private static final List<String> PERSON_ATTRIBUTES = List.of("cn", "sn", "givenName", "displayName",
            "userPassword", "employeeType", "employeeNumber");
    private static final List<String> PERSON_CLASSES = List.of("top", "person", "organizationalPerson",
            "inetOrgPerson");
    /** A connection unused this long is opened again before use (servers drop idle connections). */
    private static final Duration IDLE = Duration.ofSeconds(60);

    private final TargetSettings settings;
    private final LdapMapping mapping;
    private final LDAPURL url;
    private final DN base;
    private final DN people;
    private final DN groups;
    private final DN disabled;
    private final Duration timeout;
    private final Layout layout;
    /**
     * The one connection to the server, opened on first use: a target sends one request at a time
     * ({@link #run} is synchronized), so a pool would only add a health-check thread per school (500 for a
     * département, with their stacks).
     */
    private LDAPConnection connection;
    private long lastUsedNanos;
    private boolean structureChecked;

    public LdapDirectoryTarget(TargetSettings settings, Duration timeout) {
        this.settings = settings;
        this.mapping = settings.mapping();
        this.timeout = timeout;
        try {
            this.url = new LDAPURL(settings.url());
            this.base = new DN(settings.baseDn());
        } catch (LDAPException e) {
            throw new TargetRefusedException("The target's URL or base DN is not valid: " + e.getMessage(), e);
        }
        this.people = new DN(new RDN("ou", mapping.peopleOu()), base);
        this.groups = new DN(new RDN("ou", mapping.groupsOu()), base);
        this.disabled = new DN(new RDN("ou", mapping.disabledOu()), base);
        this.layout = new Layout();
    }

    @Override
    public String describe() {
        return settings.toString();
    }

    @Override
    public void check() {
        run(connection -> {
            structureChecked = false;
            ensureStructure(connection);
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ push

    @Override
    public void push(DirectoryAccount before, DirectoryAccount after, Supplier<List<DirectoryAccount>> school) {
        run(connection -> {
            syncAccount(connection, after);
            return null;
        });
    }

    /**
     * One account, level-based: read its entry and the groups that have it, and change only what differs.
     * Memberships go first (the member values name the entry's old DN: a server that rewrites references
     * on a rename would otherwise carry them along), then the entry, then the new memberships.
     */
    private void syncAccount(LDAPInterface c, DirectoryAccount account) throws LDAPException {
        SearchResultEntry found = findPerson(c, account.login());
        Map<DN, Set<DN>> memberships = new HashMap<>();
        if (found != null) {
            for (DN group : groupsWithMember(c, found.getParsedDN())) {
                memberships.put(group, Set.of(found.getParsedDN()));
            }
        }
        DirectoryDiff.Changes changes = DirectoryDiff.account(account, new DirectoryDiff.Actual(
                found == null ? Map.of() : Map.of(account.login(), found), List.of(), memberships), layout);
        for (DirectoryDiff.GroupChange group : changes.groups()) {
            for (DN member : group.removed()) {
                removeMember(c, group.group(), member);
            }
        }
        applyToEntries(c, changes);
        for (DirectoryDiff.GroupChange group : changes.groups()) {
            for (DN member : group.added()) {
                addMember(c, group.group(), member);
            }
        }
    }

    /**
     * A school's batch written as its final state, from the projector's state without a search: each changed
     * entry once (an add for a new account, the attributes that differ from what was last pushed, a rename,
     * a delete), then each group the batch touched once (one add of a new group with all its members, one
     * modify with every member added and removed, one delete of an emptied group). Where the server does not
     * hold what the state says (someone changed it, or an earlier attempt was cut short), that one entry
     * or group is read and brought in line as a level-based push would.
     */
    @Override
    public void push(SchoolChanges changes) {
        run(connection -> {
            DirectoryDiff.Changes diff = DirectoryDiff.batch(changes, layout);
            Map<String, DirectoryAccount> byId = new HashMap<>();
            changes.changed().forEach(a -> byId.put(a.accountId(), a));
            for (DirectoryDiff.Delete delete : diff.deletes()) {
                entryOrSync(connection, byId.get(delete.accountId()),
                        () -> connection.delete(new DeleteRequest(delete.entry().getParsedDN())));
            }
            for (DirectoryDiff.Add add : diff.adds()) {
                entryOrSync(connection, byId.get(add.accountId()), () -> connection.add(new AddRequest(add.entry())));
            }
            for (DirectoryDiff.Modify modify : diff.modifies()) {
                entryOrSync(connection, byId.get(modify.accountId()), () -> applyToEntries(connection,
                        new DirectoryDiff.Changes(List.of(), List.of(modify), List.of(), List.of())));
            }
            for (DirectoryDiff.GroupChange group : diff.groups()) {
                writeGroup(connection, group);
            }
            return null;
        });
    }

    private interface Write {
        void run() throws LDAPException;
    }

    /** One entry's write; when the server does not hold what the state says, a level-based sync of that entry. */
    private void entryOrSync(LDAPInterface c, DirectoryAccount account, Write write) throws LDAPException {
        try {
            write.run();
        } catch (LDAPException e) {
            ResultCode code = e.getResultCode();
            if (code != ResultCode.ENTRY_ALREADY_EXISTS && code != ResultCode.NO_SUCH_OBJECT) {
                throw e;
            }
            SearchResultEntry found = findPerson(c, account.login());
            applyToEntries(c, DirectoryDiff.account(account, new DirectoryDiff.Actual(
                    found == null ? Map.of() : Map.of(account.login(), found), List.of(), Map.of()), layout));
        }
    }

    /**
     * One group's write; when the server's group is not what the state says, it is read and brought in line
     * ({@link #syncGroup}).
     */
    private void writeGroup(LDAPInterface c, DirectoryDiff.GroupChange group) throws LDAPException {
        try {
            switch (group.kind()) {
                case CREATE -> c.add(new AddRequest(groupEntry(group.group(), group.members())));
                case DELETE -> removeMembers(c, group.group(), group.removed());
                case MEMBERS -> {
                    List<Modification> modifications = new ArrayList<>();
                    if (!group.removed().isEmpty()) {
                        modifications.add(new Modification(ModificationType.DELETE, "member",
                                DirectoryDiff.names(group.removed()).toArray(String[]::new)));
                    }
                    if (!group.added().isEmpty()) {
                        modifications.add(new Modification(ModificationType.ADD, "member",
                                DirectoryDiff.names(group.added()).toArray(String[]::new)));
                    }
                    c.modify(new ModifyRequest(group.group(), modifications));
                }
            }
        } catch (LDAPException e) {
            ResultCode code = e.getResultCode();
            if (code != ResultCode.ENTRY_ALREADY_EXISTS && code != ResultCode.NO_SUCH_OBJECT
                    && code != ResultCode.ATTRIBUTE_OR_VALUE_EXISTS && code != ResultCode.NO_SUCH_ATTRIBUTE
                    && code != ResultCode.OBJECT_CLASS_VIOLATION) {
                throw e;
            }
            syncGroup(c, group);
        }
    }

    /** Removes the members of a group left with none of the projector's: the group goes with the last one. */
    private void removeMembers(LDAPInterface c, DN group, Set<DN> members) throws LDAPException {
        try {
            c.modify(new ModifyRequest(group, new Modification(ModificationType.DELETE, "member",
                    DirectoryDiff.names(members).toArray(String[]::new))));
            Entry left = c.getEntry(group.toString(), "member");
            if (left != null && !left.hasAttribute("member")) {
                c.delete(new DeleteRequest(group)); // a server that does not enforce groupOfNames' MUST member
            }
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.OBJECT_CLASS_VIOLATION) {
                c.delete(new DeleteRequest(group)); // groupOfNames needs a member
            } else if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw e;
            }
        }
    }

    /**
     * The group as the server holds it, brought in line as account-by-account pushes would: the members it
     * must have are added, those the batch removed are taken out, any other member (put there by hand) is
     * left; created when missing, deleted when nothing is left.
     */
    private void syncGroup(LDAPInterface c, DirectoryDiff.GroupChange change) throws LDAPException {
        DN group = change.group();
        Entry has = c.getEntry(group.toString(), "member");
        if (has == null) {
            if (!change.members().isEmpty()) {
                c.add(new AddRequest(groupEntry(group, change.members())));
            }
            return;
        }
        Set<DN> actual = new TreeSet<>();
        for (String member : has.hasAttribute("member") ? has.getAttributeValues("member") : new String[0]) {
            actual.add(new DN(member));
        }
        Set<DN> missing = new TreeSet<>(change.members());
        missing.removeAll(actual);
        Set<DN> removed = new TreeSet<>(change.removed());
        removed.retainAll(actual);
        Set<DN> left = new TreeSet<>(actual);
        left.removeAll(removed);
        left.addAll(missing);
        if (left.isEmpty()) {
            c.delete(new DeleteRequest(group));
            return;
        }
        List<Modification> modifications = new ArrayList<>();
        if (!removed.isEmpty()) {
            modifications.add(new Modification(ModificationType.DELETE, "member",
                    DirectoryDiff.names(removed).toArray(String[]::new)));
        }
        if (!missing.isEmpty()) {
            modifications.add(new Modification(ModificationType.ADD, "member",
                    DirectoryDiff.names(missing).toArray(String[]::new)));
        }
        if (!modifications.isEmpty()) {
            c.modify(new ModifyRequest(group, modifications));
        }
    }

    /** Deletes, adds and corrects entries (a deletion first: it may free the DN another entry needs). */
    private static void applyToEntries(LDAPInterface c, DirectoryDiff.Changes changes) throws LDAPException {
        for (DirectoryDiff.Delete delete : changes.deletes()) {
            c.delete(new DeleteRequest(delete.entry().getParsedDN()));
        }
        for (DirectoryDiff.Add add : changes.adds()) {
            c.add(new AddRequest(add.entry()));
        }
        for (DirectoryDiff.Modify modify : changes.modifies()) {
            if (modify.moveTo() != null) {
                c.modifyDN(new ModifyDNRequest(modify.actual().getParsedDN(), modify.moveTo().getRDN(), true,
                        modify.moveTo().getParent()));
            }
            if (!modify.modifications().isEmpty()) {
                c.modify(new ModifyRequest(modify.dn(), modify.modifications()));
            }
        }
    }

    private SearchResultEntry findPerson(LDAPInterface c, String login) throws LDAPException {
        Filter filter = Filter.createEqualityFilter("uid", login);
        for (DN parent : personParents()) {
            List<SearchResultEntry> found = search(c, parent, SearchScope.ONE, filter, personReadAttributes());
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        return null;
    }

    private Set<DN> groupsWithMember(LDAPInterface c, DN member) throws LDAPException {
        Set<DN> result = new LinkedHashSet<>();
        for (SearchResultEntry group : search(c, groups, SearchScope.ONE,
                Filter.createEqualityFilter("member", member.toString()), "1.1")) {
            result.add(group.getParsedDN());
        }
        return result;
    }

    private void addMember(LDAPInterface c, DN group, DN member) throws LDAPException {
        try {
            c.modify(new ModifyRequest(group, new Modification(ModificationType.ADD, "member", member.toString())));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                c.add(new AddRequest(groupEntry(group, List.of(member))));
            } else if (e.getResultCode() != ResultCode.ATTRIBUTE_OR_VALUE_EXISTS) {
                throw e;
            }
        }
    }

    /** One member out of a group (level-based: a member already gone is fine). */
    private void removeMember(LDAPInterface c, DN group, DN member) throws LDAPException {
        try {
            removeMembers(c, group, Set.of(member));
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_ATTRIBUTE) {
                throw e;
            }
        }
    }

    // ----------------------------------------------------------------------------- the desired entry

    /** How accounts become entries and memberships under this target's mapping. */
    private final class Layout implements DirectoryDiff.Layout {

        private final List<String> owned;

        Layout() {
            List<String> names = new ArrayList<>(PERSON_ATTRIBUTES);
            if (mapping.disabledMode() == LdapMapping.DisabledMode.ATTRIBUTE
                    && names.stream().noneMatch(n -> n.equalsIgnoreCase(mapping.disabledAttribute()))) {
                names.add(mapping.disabledAttribute());
            }
            this.owned = List.copyOf(names);
        }

        @Override
        public Entry entry(DirectoryAccount account) {
            List<Attribute> attributes = new ArrayList<>();
            attributes.add(new Attribute("objectClass", PERSON_CLASSES));
            attributes.add(new Attribute("uid", account.login()));
            personValues(account).forEach((name, values) -> {
                if (!values.isEmpty()) {
                    attributes.add(new Attribute(name, values));
                }
            });
            return new Entry(personDn(account), attributes);
        }

        /** A suspended account belongs to no group: no class share, no role rights. */
        @Override
        public DN dn(DirectoryAccount account) {
            return personDn(account);
        }

        @Override
        public Set<DN> groups(DirectoryAccount account) {
            Set<DN> result = new LinkedHashSet<>();
            if (!account.active()) {
                return result;
            }
            if (account.classGroup() != null) {
                result.add(groupDn(mapping.classGroupPrefix() + account.classGroup()));
            }
            result.add(groupDn(mapping.roleGroup(account.role())));
            return result;
        }

        @Override
        public List<String> owned() {
            return owned;
        }

        /** An entry created by hand as a mere person gains the class that allows the owned attributes. */
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
    }

    private DN personDn(DirectoryAccount account) {
        boolean moved = !account.active() && mapping.disabledMode() == LdapMapping.DisabledMode.MOVE;
        return new DN(new RDN("uid", account.login()), moved ? disabled : people);
    }

    /** A class or role group with its members (groupOfNames needs at least one). */
    private static Entry groupEntry(DN group, Collection<DN> members) {
        return new Entry(group, List.of(new Attribute("objectClass", "top", "groupOfNames"),
                new Attribute("cn", group.getRDN().getAttributeValues()[0]),
                new Attribute("member", DirectoryDiff.names(members))));
    }

    private DN groupDn(String name) {
        return new DN(new RDN("cn", name), groups);
    }

    private Map<String, List<String>> personValues(DirectoryAccount account) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("cn", List.of(account.fullName()));
        values.put("sn", List.of(account.surname()));
        values.put("givenName", List.of(account.firstName()));
        values.put("displayName", List.of(account.fullName()));
        values.put("userPassword", List.of(account.passwordHash()));
        values.put("employeeType", List.of(account.role()));
        values.put("employeeNumber", List.of(account.accountId()));
        if (mapping.disabledMode() == LdapMapping.DisabledMode.ATTRIBUTE) {
            values.put(mapping.disabledAttribute(), account.active() ? List.of() : List.of(mapping.disabledValue()));
        }
        return values;
    }

    private String[] personReadAttributes() {
        List<String> names = new ArrayList<>(layout.owned());
        names.add("objectClass");
        names.add("uid");
        return names.toArray(String[]::new);
    }

    private List<DN> personParents() {
        return mapping.disabledMode() == LdapMapping.DisabledMode.MOVE ? List.of(people, disabled) : List.of(people);
    }

    // ------------------------------------------------------------------------------ the whole school

    /** The server's managed part, read once: people by uid, other entries under the people OUs, groups. */
    private DirectoryDiff.Actual read(LDAPInterface c) throws LDAPException {
        Map<String, Entry> byLogin = new TreeMap<>();
        List<Entry> strangers = new ArrayList<>();
        for (DN parent : personParents()) {
            for (SearchResultEntry entry : search(c, parent, SearchScope.ONE, Filter.createPresenceFilter("objectClass"),
                    personReadAttributes())) {
                String uid = entry.getAttributeValue("uid");
                if (uid == null || byLogin.containsKey(uid)) {
                    strangers.add(entry);
                } else {
                    byLogin.put(uid, entry);
                }
            }
        }
        Map<DN, Set<DN>> groupMembers = new HashMap<>();
        for (SearchResultEntry group : search(c, groups, SearchScope.ONE, Filter.createPresenceFilter("objectClass"),
                "member")) {
            Set<DN> members = new LinkedHashSet<>();
            for (String member : group.getAttributeValues("member") == null ? new String[0]
                    : group.getAttributeValues("member")) {
                members.add(new DN(member));
            }
            groupMembers.put(group.getParsedDN(), members);
        }
        return new DirectoryDiff.Actual(byLogin, strangers, groupMembers);
    }

    @Override
    public Drift drift(List<DirectoryAccount> desired) {
        return run(c -> DirectoryDiff.school(desired, read(c), layout).drift());
    }

    @Override
    public Drift.Repair syncAll(List<DirectoryAccount> desired) {
        return run(c -> {
            DirectoryDiff.Changes changes = DirectoryDiff.school(desired, read(c), layout);
            applyToEntries(c, changes);
            for (DirectoryDiff.GroupChange group : changes.groups()) {
                if (group.kind() == DirectoryDiff.GroupChange.Kind.DELETE) {
                    c.delete(new DeleteRequest(group.group()));
                }
            }
            for (DirectoryDiff.GroupChange group : changes.groups()) {
                if (group.kind() == DirectoryDiff.GroupChange.Kind.CREATE) {
                    c.add(new AddRequest(groupEntry(group.group(), group.members())));
                } else if (group.kind() == DirectoryDiff.GroupChange.Kind.MEMBERS) {
                    c.modify(new ModifyRequest(group.group(), new Modification(ModificationType.REPLACE, "member",
                            DirectoryDiff.names(group.members()).toArray(String[]::new))));
                }
            }
            return changes.counts();
        });
    }

    // ------------------------------------------------------------------------------------ plumbing

    /** The base entry must exist (the server's own); the three organisational units are created. */
    private void ensureStructure(LDAPInterface c) throws LDAPException {
        if (structureChecked) {
            return;
        }
        if (c.getEntry(base.toString(), "1.1") == null) {
            throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "The base DN " + base + " does not exist on the server");
        }
        for (DN ou : List.of(people, groups, disabled)) {
            if (ou == disabled && mapping.disabledMode() != LdapMapping.DisabledMode.MOVE) {
                continue;
            }
            if (c.getEntry(ou.toString(), "1.1") == null) {
                c.add(new AddRequest(new Entry(ou, List.of(new Attribute("objectClass", "top", "organizationalUnit"),
                        new Attribute("ou", ou.getRDN().getAttributeValues()[0])))));
            }
        }
        structureChecked = true;
    }

    private static List<SearchResultEntry> search(LDAPInterface c, DN base, SearchScope scope, Filter filter,
                                                  String... attributes) throws LDAPException {
        try {
            return c.search(new SearchRequest(base.toString(), scope, filter, attributes)).getSearchEntries();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw e;
        }
    }

    private interface Work<T> {
        T run(LDAPInterface connection) throws LDAPException;
    }

    /**
     * Runs one piece of work on the connection, turning LDAP failures into the port's two kinds: the server
     * could not be reached (a new connection is made next time), or it refused.
     */
    private synchronized <T> T run(Work<T> work) {
        try {
            boolean reusing = connection != null && !stale();
            try {
                return attempt(work);
            } catch (LDAPException e) {
                if (!reusing || !unreachable(e.getResultCode())) {
                    throw e;
                }
                // the server dropped the connection kept open (a restart, its idle timeout): once more on a new
                // one; the work is level-based, so what the first attempt wrote is not written twice
                closeConnection();
                return attempt(work);
            }
        } catch (LDAPException e) {
            // after a failure, the organisational units are checked again (someone may have removed one); a
            // connection reopened only because it sat unused does not check them again
            structureChecked = false;
            if (unreachable(e.getResultCode())) {
                closeConnection();
                throw new TargetUnavailableException("The IntraScol server " + hostPort()
                        + " cannot be reached: " + e.getResultCode() + " " + withoutNames(Objects.toString(
                        e.getDiagnosticMessage(), e.getMessage())), null); // the SDK's message may quote a login
            }
            // a fresh connection next time: a refused bind must not leave a half-authenticated connection behind
            closeConnection();
            // the server's words may quote the entry's DN (a login): they are kept out of messages and logs,
            // and so is the LDAP exception, whose own message quotes the request
            throw new TargetRefusedException("The IntraScol server " + hostPort() + " refused a change: "
                    + e.getResultCode() + " " + withoutNames(Objects.toString(e.getDiagnosticMessage(),
                    e.getExceptionMessage())), null);
        }
    }

    private <T> T attempt(Work<T> work) throws LDAPException {
        LDAPConnection connected = connection();
        if (!structureChecked) {
            ensureStructure(connected);
        }
        T result = work.run(connected);
        lastUsedNanos = System.nanoTime();
        return result;
    }

    private static final java.util.regex.Pattern NAMED_RDN =
            java.util.regex.Pattern.compile("(?i)\\b(uid|cn|givenName|sn|displayName|memberUid)=[^,)'\";]+");

    /** A server message with every value of a person's attribute replaced by « … ». */
    public static String withoutNames(String message) {
        return message == null ? "" : NAMED_RDN.matcher(message).replaceAll("$1=…");
    }

    private String hostPort() {
        return url.getHost() + ":" + url.getPort();
    }

    static boolean unreachable(ResultCode code) {
        return !ResultCode.isConnectionUsable(code) || code == ResultCode.BUSY || code == ResultCode.UNAVAILABLE
                || code == ResultCode.TIMEOUT || code == ResultCode.SERVER_DOWN || code == ResultCode.CONNECT_ERROR;
    }

    /**
     * The open connection, or a new one (connected, TLS started if configured, bound). A connection left
     * unused longer than {@link #IDLE} is replaced first rather than trusted: servers close idle
     * connections ({@code olcIdleTimeout}), and a write on a half-closed socket would fail the event.
     */
    private LDAPConnection connection() throws LDAPException {
        closeIfStale();
        if (connection != null) {
            return connection;
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) timeout.toMillis());
        options.setResponseTimeoutMillis(timeout.toMillis());
        // no reader thread: one request at a time, and a département's 500 targets with a thread each cost
        // the JVM hundreds of MiB of native memory
        options.setUseSynchronousMode(true);
        SocketFactory sockets = null;
        SSLUtil startTls = null;
        if (url.getScheme().equals("ldaps") || settings.startTls()) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            SSLUtil ssl = new SSLUtil(trustManager());
            if (url.getScheme().equals("ldaps")) {
                try {
                    sockets = ssl.createSSLSocketFactory();
                } catch (java.security.GeneralSecurityException e) {
                    throw new LDAPException(ResultCode.LOCAL_ERROR, "TLS could not be set up: " + e.getMessage(), e);
                }
            } else {
                startTls = ssl;
            }
        }
        LDAPConnection opened = new LDAPConnection(sockets, options);
        try {
            opened.connect(url.getHost(), url.getPort(), (int) timeout.toMillis());
            if (startTls != null) {
                ExtendedResult started;
                try {
                    started = opened.processExtendedOperation(new StartTLSExtendedRequest(startTls.createSSLContext()));
                } catch (java.security.GeneralSecurityException e) {
                    throw new LDAPException(ResultCode.LOCAL_ERROR, "TLS could not be set up: " + e.getMessage(), e);
                }
                if (started.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPException(started);
                }
            }
            opened.bind(settings.bindDn() == null || settings.bindDn().isBlank()
                    ? new SimpleBindRequest() : new SimpleBindRequest(settings.bindDn(), settings.password()));
        } catch (LDAPException e) {
            opened.close();
            throw e;
        }
        connection = opened;
        lastUsedNanos = System.nanoTime();
        return connection;
    }

    /** The JVM's trusted authorities, or only the one certificate the target's configuration gives. */
    private TrustManager trustManager() throws LDAPException {
        if (settings.caCertificate() == null || settings.caCertificate().isBlank()) {
            return JVMDefaultTrustManager.getInstance();
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(settings.caCertificate().getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers()[0];
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new LDAPException(ResultCode.PARAM_ERROR, "The CA certificate is not a valid PEM certificate", e);
        }
    }

    private boolean stale() {
        return !connection.isConnected() || System.nanoTime() - lastUsedNanos > IDLE.toNanos();
    }

    private void closeIfStale() {
        if (connection != null && stale()) {
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Closes the connection if it has not been used for a minute: it would not be used again anyway. */
    @Override
    public synchronized void closeIfIdle() {
        closeIfStale();
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
