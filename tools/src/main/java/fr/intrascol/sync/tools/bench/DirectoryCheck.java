package fr.intrascol.sync.tools.bench;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what a school's directory holds (every entry under its base DN) with the accounts the API lists
 * for it, as docs/api.md's "LDAP entries" says they must be written with the default mapping: active accounts
 * under {@code ou=people}, suspended ones under {@code ou=disabled}, each with its names, role, account id
 * and a {@code {CRYPT}} password; {@code cn=classe-<class>} and the role groups under {@code ou=groups},
 * each holding exactly its active members. The mismatches name accounts by id and groups by name, never a
 * person's names.
 */
final class DirectoryCheck {

    static final Map<String, String> ROLE_GROUPS = Map.of("PUPIL", "eleves", "TEACHER", "enseignants",
            "STAFF", "personnels");
    static final String CLASS_PREFIX = "classe-";

    private DirectoryCheck() {
    }

    /** An account as {@code GET /api/schools/{uai}/accounts} lists it (what the directory is made of). */
    record Account(String accountId, String login, String role, String lastName, String usageName, String firstName,
                   String classGroup, String status) {

        String surname() {
            return usageName != null && !usageName.isBlank() ? usageName : lastName;
        }

        boolean active() {
            return "ACTIVE".equals(status);
        }
    }

    /** The mismatches of one school, empty when its directory is what the accounts say. */
    static List<String> compare(String uai, String baseDn, Collection<Account> accounts,
                                Collection<? extends Entry> entries) {
        try {
            DN base = new DN(baseDn);
            DN people = new DN(new RDN("ou", "people"), base);
            DN disabled = new DN(new RDN("ou", "disabled"), base);
            DN groups = new DN(new RDN("ou", "groups"), base);
            Map<DN, Entry> held = new HashMap<>();
            for (Entry entry : entries) {
                held.put(entry.getParsedDN(), entry);
            }
            List<String> problems = new ArrayList<>();
            Map<String, Set<DN>> wantedGroups = new TreeMap<>();
            Set<DN> wantedPeople = new HashSet<>();
            for (Account account : accounts) {
                if ("ERASED".equals(account.status())) {
                    continue;
                }
                DN dn = new DN(new RDN("uid", account.login()), account.active() ? people : disabled);
                wantedPeople.add(dn);
                Entry entry = held.get(dn);
                String who = uai + " account " + account.accountId();
                if (entry == null) {
                    problems.add(who + ": no entry under ou=" + (account.active() ? "people" : "disabled"));
                    continue;
                }
                String full = account.firstName() + " " + account.surname();
                Map<String, String> want = new TreeMap<>();
                want.put("cn", full);
                want.put("displayName", full);
                want.put("sn", account.surname());
                want.put("givenName", account.firstName());
                want.put("employeeType", account.role());
                want.put("employeeNumber", account.accountId());
                for (Map.Entry<String, String> w : want.entrySet()) {
                    String[] values = entry.getAttributeValues(w.getKey());
                    if (values == null || values.length != 1 || !values[0].equals(w.getValue())) {
                        problems.add(who + ": " + w.getKey() + " differs");
                    }
                }
                String[] password = entry.getAttributeValues("userPassword");
                if (password == null || password.length != 1 || !password[0].startsWith("{CRYPT}$6$")) {
                    problems.add(who + ": userPassword is not one {CRYPT} SHA-512 hash");
                }
                if (!entry.hasObjectClass("inetOrgPerson")) {
                    problems.add(who + ": not an inetOrgPerson");
                }
                if (account.active()) {
                    String role = ROLE_GROUPS.get(account.role());
                    if (role != null) {
                        wantedGroups.computeIfAbsent(role, k -> new HashSet<>()).add(dn);
                    }
                    if (account.classGroup() != null && !account.classGroup().isBlank()) {
                        wantedGroups.computeIfAbsent(CLASS_PREFIX + account.classGroup(), k -> new HashSet<>()).add(dn);
                    }
                }
            }
            Set<String> heldGroups = new TreeSet<>();
            for (Map.Entry<DN, Entry> e : held.entrySet()) {
                DN dn = e.getKey();
                DN parent = dn.getParent();
                if (parent == null) {
                    continue;
                }
                if ((parent.equals(people) || parent.equals(disabled)) && !wantedPeople.contains(dn)) {
                    problems.add(uai + ": extra entry under ou=" + parent.getRDN().getAttributeValues()[0]
                            + " (employeeNumber " + e.getValue().getAttributeValue("employeeNumber") + ")");
                } else if (parent.equals(groups)) {
                    String name = dn.getRDN().getAttributeValues()[0];
                    heldGroups.add(name);
                    Set<DN> want = wantedGroups.get(name);
                    if (want == null) {
                        problems.add(uai + ": extra group " + name);
                        continue;
                    }
                    Set<DN> members = new HashSet<>();
                    for (String member : e.getValue().getAttributeValues("member") == null ? new String[0]
                            : e.getValue().getAttributeValues("member")) {
                        members.add(new DN(member));
                    }
                    long missing = want.stream().filter(m -> !members.contains(m)).count();
                    long extra = members.stream().filter(m -> !want.contains(m)).count();
                    if (missing > 0 || extra > 0) {
                        problems.add(uai + ": group " + name + " lacks " + missing + " member(s) and has " + extra
                                + " it should not");
                    }
                }
            }
            for (String name : wantedGroups.keySet()) {
                if (!heldGroups.contains(name)) {
                    problems.add(uai + ": no group " + name);
                }
            }
            return problems;
        } catch (LDAPException e) {
            return List.of(uai + ": a DN cannot be read: " + e.getMessage());
        }
    }

    /** Member values held by the groups among {@code entries}. */
    static long members(Collection<? extends Entry> entries) {
        return entries.stream().map(e -> e.getAttributeValues("member")).filter(v -> v != null)
                .mapToLong(v -> Arrays.asList(v).size()).sum();
    }
}
