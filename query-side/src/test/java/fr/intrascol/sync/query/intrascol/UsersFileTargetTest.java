package fr.intrascol.sync.query.intrascol;

import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.query.intrascol.file.UsersFileTarget;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class UsersFileTargetTest {

    @TempDir
    Path folder;

    private static DirectoryAccount account(String login, String last, AccountStatus status) {
        return new DirectoryAccount("6f1c1f4e-0000-4000-8000-" + String.format("%012d", Math.abs(login.hashCode())),
                "0170001J", login, "PUPIL", last, null, "Léa", "CP A", "CP", status, "{CRYPT}$6$s$" + login);
    }

    private List<CSVRecord> records(UsersFileTarget target) throws Exception {
        String text = Files.readString(target.file(), StandardCharsets.UTF_8);
        return CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
    }

    @Test
    void the_whole_school_is_written_atomically_without_erased_accounts_and_names_kept_as_values() throws Exception {
        UsersFileTarget target = new UsersFileTarget(folder, "0170001J");
        DirectoryAccount lea = account("lea.martin", "MARTIN", AccountStatus.ACTIVE);
        DirectoryAccount hugo = account("hugo.dupont", "=HYPERLINK(\"x\");DUPONT,ou=admins", AccountStatus.SUSPENDED);
        DirectoryAccount gone = account("zoe.roux", "ROUX", AccountStatus.ERASED);
        target.push(null, lea, () -> List.of(lea, hugo, gone));

        List<CSVRecord> rows = records(target);
        assertThat(rows).extracting(r -> r.get("login")).containsExactly("hugo.dupont", "lea.martin");
        assertThat(rows.get(0).get("lastName")).isEqualTo("=HYPERLINK(\"x\");DUPONT,ou=admins");
        assertThat(rows.get(0).get("status")).isEqualTo("SUSPENDED");
        assertThat(rows.get(1).get("userPassword")).isEqualTo("{CRYPT}$6$s$lea.martin");
        assertThat(Files.list(folder)).extracting(p -> p.getFileName().toString()).containsExactly("0170001J.csv");
        assertThat(target.drift(List.of(lea, hugo, gone)).inSync()).isTrue();
    }

    @Test
    void a_reader_never_sees_a_half_written_file_while_pushes_rewrite_it() throws Exception {
        UsersFileTarget target = new UsersFileTarget(folder, "0170001J");
        int size = 300;
        List<DirectoryAccount> school = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            school.add(account(String.format("eleve.%04d", i), "NOM" + i, AccountStatus.ACTIVE));
        }
        target.syncAll(school);
        String header = String.join(";", UsersFileTarget.COLUMNS);

        AtomicBoolean pushing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (pushing.get() && broken.get() == null) {
                try {
                    String text = Files.readString(target.file(), StandardCharsets.UTF_8);
                    List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setDelimiter(';').get()
                            .parse(new StringReader(text)).getRecords();
                    if (!text.startsWith(header + "\n")) {
                        broken.set("read " + reads.get() + ": no complete header: "
                                + text.substring(0, Math.min(80, text.length())));
                    } else if (rows.size() != size + 1) {
                        broken.set("read " + reads.get() + ": " + (rows.size() - 1) + " rows instead of " + size);
                    } else if (rows.stream().anyMatch(r -> r.size() != UsersFileTarget.COLUMNS.size())) {
                        broken.set("read " + reads.get() + ": a truncated row");
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    broken.set("read " + reads.get() + ": " + e);
                }
            }
        }, "users-file-reader");
        reader.start();
        try {
            for (int push = 0; push < 200 && broken.get() == null; push++) {
                int index = push % size;
                DirectoryAccount before = school.get(index);
                DirectoryAccount after = account(before.login(), "RENOMME" + push, AccountStatus.ACTIVE);
                school.set(index, after);
                List<DirectoryAccount> now = List.copyOf(school);
                target.push(before, after, () -> now);
            }
        } finally {
            pushing.set(false);
            reader.join(10_000);
        }
        assertThat(broken.get()).as("what the reader saw").isNull();
        assertThat(reads.get()).as("the reader raced the writes").isGreaterThan(50);
        assertThat(records(target)).hasSize(size).extracting(r -> r.get("lastName")).contains("RENOMME199");
        assertThat(Files.list(folder)).extracting(p -> p.getFileName().toString()).containsExactly("0170001J.csv");
    }

    @Test
    void drift_compares_the_file_with_the_projection_and_sync_rewrites_it() throws Exception {
        UsersFileTarget target = new UsersFileTarget(folder, "0170001J");
        DirectoryAccount lea = account("lea.martin", "MARTIN", AccountStatus.ACTIVE);
        DirectoryAccount tom = account("tom.petit", "PETIT", AccountStatus.ACTIVE);
        assertThat(target.drift(List.of(lea)).missing()).extracting(Drift.Entry::name).containsExactly("lea.martin");
        target.syncAll(List.of(lea, tom));
        Files.writeString(target.file(), Files.readString(target.file()).replace("PETIT", "GRAND")
                + "intrus;;PUPIL;X;;Y;;;ACTIVE;x\n");

        Drift drift = target.drift(List.of(lea, tom));
        assertThat(drift.extra()).extracting(Drift.Entry::name).containsExactly("intrus");
        assertThat(drift.different()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("tom.petit");
            assertThat(e.differences()).containsExactly(new Drift.Difference("lastName", "PETIT", "GRAND"));
        });
        assertThat(target.syncAll(List.of(lea, tom))).isEqualTo(new Drift.Repair(0, 1, 1));
        assertThat(target.drift(List.of(lea, tom)).inSync()).isTrue();
    }
}
