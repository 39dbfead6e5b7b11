package fr.intrascol.sync.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import fr.intrascol.sync.testsupport.Slapd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The end-to-end benchmark's pieces that can be checked without running the application. */
class EndToEndPartsTest {

    private static final String BASE = "ou=0000001A,dc=intrascol,dc=test";

    @Test
    void optionsHaveTheIssuesDefaultsAndRefuseWhatTheyDoNotKnow() {
        EndToEndOptions o = EndToEndOptions.parse("bench-e2e");
        assertThat(o).isEqualTo(EndToEndOptions.defaults());
        assertThat(o.schools()).isEqualTo(500);
        assertThat(o.pupils()).isEqualTo(120);
        assertThat(o.parallel()).isEqualTo(2);
        assertThat(o.floors()).isTrue();
        EndToEndOptions small = EndToEndOptions.parse("--schools", "4", "--pupils", "30", "--parallel", "3",
                "--check", "2", "--no-floors", "--heap", "768m");
        assertThat(small.schools()).isEqualTo(4);
        assertThat(small.pupils()).isEqualTo(30);
        assertThat(small.parallel()).isEqualTo(3);
        assertThat(small.check()).isEqualTo(2);
        assertThat(small.floors()).isFalse();
        assertThat(small.heap()).isEqualTo("768m");
        assertThatThrownBy(() -> EndToEndOptions.parse("--parallel", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> EndToEndOptions.parse("--schools")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> EndToEndOptions.parse("--events", "5")).hasMessageContaining("Unknown option");
    }

    @Test
    void cpuTicksAreReadAfterTheCommandNameWhateverItHolds() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
        String line = "4241 (java (a) b) S 1 4241 4241 0 -1 4194304 100 0 0 0 1234 567 89 10 20 0 42 0 9999 0";
        ProcStats.Cpu cpu = ProcStats.parseStat(line);
        assertThat(cpu).isEqualTo(new ProcStats.Cpu(1234, 567, 89, 10));
        assertThat(cpu.own()).isEqualTo(1801);
        assertThat(cpu.withChildren()).isEqualTo(1900);
        assertThat(ProcStats.cpu(ProcessHandle.current().pid())).isPresent();
        assertThat(ProcStats.statusMib(ProcessHandle.current().pid(), "VmRSS:")).isPositive();
    }

    @Test
    void monitorCountersAreTheOperationsBetweenTwoReadingsLessTheBenchmarksOwnSearches() {
        Map<String, Long> first = SlapdMonitor.parse(List.of(
                counter("Add", 10), counter("Modify", 4), counter("Search", 7), new Entry("cn=Operations,cn=Monitor")));
        assertThat(first).containsEntry("add", 10L).containsEntry("modify", 4L).containsEntry("search", 7L)
                .hasSize(3);
        Map<String, Long> second = SlapdMonitor.parse(List.of(
                counter("Add", 25), counter("Modify", 34), counter("Delete", 2), counter("Search", 20)));
        SlapdMonitor.Counts delta = new SlapdMonitor.Counts(second, 8).minus(new SlapdMonitor.Counts(first, 3));
        assertThat(delta.get("add")).isEqualTo(15);
        assertThat(delta.get("modify")).isEqualTo(30);
        assertThat(delta.get("delete")).isEqualTo(2);
        assertThat(delta.get("search")).isEqualTo(13 - 5);
        assertThat(delta.writes()).isEqualTo(47);
    }

    @Test
    void slapdCountsTheOperationsItServed(@TempDir Path folder) throws Exception {
        SlapdMonitor monitor = new SlapdMonitor();
        try (Slapd slapd = Slapd.start("dc=intrascol,dc=test", false, folder, 64L << 20)) {
            SlapdMonitor.enable(slapd);
            try (LDAPConnection connection = slapd.connect()) {
                SlapdMonitor.Counts before = monitor.read(connection);
                connection.add(new Entry(BASE, new Attribute("objectClass", "top", "organizationalUnit"),
                        new Attribute("ou", "0000001A")));
                connection.modify(BASE, new com.unboundid.ldap.sdk.Modification(
                        com.unboundid.ldap.sdk.ModificationType.REPLACE, "description", "x"));
                connection.search(BASE, com.unboundid.ldap.sdk.SearchScope.BASE, "(objectClass=*)");
                SlapdMonitor.Counts delta = monitor.read(connection).minus(before);
                assertThat(delta.get("add")).isEqualTo(1);
                assertThat(delta.get("modify")).isEqualTo(1);
                assertThat(delta.get("search")).isEqualTo(1); // the two readings are not counted
                assertThat(delta.writes()).isEqualTo(2);
            }
        }
    }

    @Test
    void aDirectoryWrittenAsTheAccountsSayMatches() throws Exception {
        assertThat(DirectoryCheck.compare("0000001A", BASE, accounts(), directory())).isEmpty();
    }

    @Test
    void everyDifferenceIsReportedWithoutNames() throws Exception {
        List<Entry> entries = directory();
        Entry lea = find(entries, "uid=lea.martin,ou=people," + BASE);
        lea.setAttribute("sn", "AUTRE");
        lea.setAttribute("userPassword", "secret");
        entries.remove(find(entries, "uid=tom.petit,ou=disabled," + BASE));
        Entry moved = new Entry("uid=tom.petit,ou=people," + BASE, find(entries, "uid=lea.martin,ou=people," + BASE)
                .getAttributes());
        moved.setAttribute("employeeNumber", "id-tom");
        entries.add(moved);
        Entry eleves = find(entries, "cn=eleves,ou=groups," + BASE);
        eleves.setAttribute("member", "uid=tom.petit,ou=people," + BASE);
        entries.add(new Entry("cn=classe-CE2 X,ou=groups," + BASE, new Attribute("member", "uid=x," + BASE)));

        List<String> problems = DirectoryCheck.compare("0000001A", BASE, accounts(), entries);

        assertThat(problems).containsExactlyInAnyOrder(
                "0000001A account id-lea: sn differs",
                "0000001A account id-lea: userPassword is not one {CRYPT} SHA-512 hash",
                "0000001A account id-tom: no entry under ou=disabled",
                "0000001A: extra entry under ou=people (employeeNumber id-tom)",
                "0000001A: group eleves lacks 1 member(s) and has 1 it should not",
                "0000001A: extra group classe-CE2 X");
        assertThat(String.join("\n", problems)).doesNotContain("MARTIN", "Léa", "lea.martin", "AUTRE");
    }

    @Test
    void aGroupTheDirectoryLacksIsReported() throws Exception {
        List<Entry> entries = directory();
        entries.remove(find(entries, "cn=classe-CP A,ou=groups," + BASE));
        assertThat(DirectoryCheck.compare("0000001A", BASE, accounts(), entries))
                .containsExactly("0000001A: no group classe-CP A");
        assertThat(DirectoryCheck.members(directory())).isEqualTo(2);
    }

    @Test
    void changedAccountsAreTheDistinctAccountsOfTheAppliedChanges() throws Exception {
        JsonNode applied = ApiClient.JSON.readTree("""
                {"status": "APPLIED", "changes": [{"kind": "RENAME", "accountId": "a"}, {"kind": "MOVE", "accountId": "a"},
                 {"kind": "MOVE", "accountId": "b"}, {"kind": "ARRIVAL", "accountId": "c"}]}""");
        assertThat(EndToEndBench.changedAccounts(applied, Map.of("renames", 1L, "moves", 2L, "arrivals", 1L)))
                .isEqualTo(3);
        JsonNode late = ApiClient.JSON.readTree("{\"status\": \"PLANNED\", \"changes\": []}");
        assertThat(EndToEndBench.changedAccounts(late, Map.of("renames", 1L, "moves", 2L, "arrivals", 1L,
                "unchanged", 40L))).isEqualTo(4);
    }

    private static List<DirectoryCheck.Account> accounts() {
        return List.of(
                new DirectoryCheck.Account("id-lea", "lea.martin", "PUPIL", "MARTIN", null, "Léa", "CP A", "ACTIVE"),
                new DirectoryCheck.Account("id-tom", "tom.petit", "PUPIL", "PETIT", "DURAND", "Tom", "CP A",
                        "SUSPENDED"),
                new DirectoryCheck.Account("id-old", "old.gone", "PUPIL", "GONE", null, "Old", "CP A", "ERASED"));
    }

    /** What the projector writes for {@link #accounts()} with the default mapping. */
    private static List<Entry> directory() {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(BASE, new Attribute("ou", "0000001A")));
        for (String ou : List.of("people", "groups", "disabled")) {
            entries.add(new Entry("ou=" + ou + "," + BASE, new Attribute("ou", ou)));
        }
        entries.add(person("uid=lea.martin,ou=people," + BASE, "Léa MARTIN", "MARTIN", "Léa", "id-lea"));
        entries.add(person("uid=tom.petit,ou=disabled," + BASE, "Tom DURAND", "DURAND", "Tom", "id-tom"));
        entries.add(new Entry("cn=classe-CP A,ou=groups," + BASE, new Attribute("objectClass", "top", "groupOfNames"),
                new Attribute("cn", "classe-CP A"), new Attribute("member", "uid=lea.martin,ou=people," + BASE)));
        entries.add(new Entry("cn=eleves,ou=groups," + BASE, new Attribute("objectClass", "top", "groupOfNames"),
                new Attribute("cn", "eleves"), new Attribute("member", "UID=lea.martin, ou=people," + BASE)));
        return entries;
    }

    private static Entry person(String dn, String full, String sn, String given, String id) {
        return new Entry(dn, new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                new Attribute("cn", full), new Attribute("displayName", full), new Attribute("sn", sn),
                new Attribute("givenName", given), new Attribute("employeeType", "PUPIL"),
                new Attribute("employeeNumber", id), new Attribute("userPassword", "{CRYPT}$6$salt$hash"));
    }

    private static Entry counter(String cn, long completed) {
        return new Entry("cn=" + cn + ",cn=Operations,cn=Monitor", new Attribute("cn", cn),
                new Attribute("monitorOpCompleted", Long.toString(completed)));
    }

    private static Entry find(List<Entry> entries, String dn) {
        return entries.stream().filter(e -> e.getDN().equals(dn)).findFirst().orElseThrow();
    }
}
