package fr.intrascol.sync.query.intrascol.file;

import fr.intrascol.sync.query.intrascol.DirectoryAccount;
import fr.intrascol.sync.query.intrascol.DirectoryTarget;
import fr.intrascol.sync.query.intrascol.Drift;
import fr.intrascol.sync.query.intrascol.TargetRefusedException;
import fr.intrascol.sync.query.intrascol.TargetUnavailableException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * For IntraScol versions that only take an import file: the whole school as one CSV file,
 * {@code <directory>/<UAI>.csv}, rewritten after every change. The file is written next to its final
 * name, flushed to disk, then renamed over it, so a reader sees the old file or the new one, never a
 * half-written one. Format: see docs/api.md ("Users file").
 */
public final class UsersFileTarget implements DirectoryTarget {

    /** The columns, in order. Only accounts that exist on the server (active or suspended) are listed. */
    public static final List<String> COLUMNS = List.of("login", "accountId", "role", "lastName", "usageName",
            "firstName", "classGroup", "level", "status", "userPassword");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setDelimiter(';').setRecordSeparator("\n")
            .setHeader(COLUMNS.toArray(String[]::new)).get();

    private final Path directory;
    private final String uai;

    public UsersFileTarget(Path directory, String uai) {
        this.directory = directory;
        this.uai = uai;
    }

    public Path file() {
        return directory.resolve(uai + ".csv");
    }

    @Override
    public String describe() {
        return "FILE " + file();
    }

    @Override
    public void check() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new TargetRefusedException("The folder " + directory + " cannot be created: " + e, e);
        }
        if (!Files.isWritable(directory)) {
            throw new TargetRefusedException("The folder " + directory + " is not writable", null);
        }
    }

    @Override
    public void push(DirectoryAccount before, DirectoryAccount after, Supplier<List<DirectoryAccount>> school) {
        write(school.get());
    }

    @Override
    public Drift.Repair syncAll(List<DirectoryAccount> desired) {
        Map<String, Map<String, String>> before = read();
        Map<String, Map<String, String>> after = rows(desired);
        write(desired);
        int added = 0;
        int modified = 0;
        for (var row : after.entrySet()) {
            Map<String, String> old = before.remove(row.getKey());
            added += old == null ? 1 : 0;
            modified += old != null && !old.equals(row.getValue()) ? 1 : 0;
        }
        return new Drift.Repair(added, modified, before.size());
    }

    @Override
    public Drift drift(List<DirectoryAccount> desired) {
        Map<String, Map<String, String>> actual = read();
        List<Drift.Entry> missing = new ArrayList<>();
        List<Drift.Entry> different = new ArrayList<>();
        rows(desired).forEach((login, wanted) -> {
            Map<String, String> has = actual.remove(login);
            if (has == null) {
                missing.add(Drift.Entry.of(login, wanted.get("accountId")));
                return;
            }
            List<Drift.Difference> differences = new ArrayList<>();
            for (String column : COLUMNS) {
                if (!Objects.equals(wanted.get(column), has.get(column))) {
                    boolean secret = column.equals("userPassword");
                    differences.add(new Drift.Difference(column, secret ? "(hidden)" : wanted.get(column),
                            secret ? "(hidden)" : has.get(column)));
                }
            }
            if (!differences.isEmpty()) {
                different.add(new Drift.Entry(login, wanted.get("accountId"), differences));
            }
        });
        List<Drift.Entry> extra = actual.entrySet().stream()
                .map(e -> Drift.Entry.of(e.getKey(), e.getValue().get("accountId"))).toList();
        return new Drift(missing, extra, different);
    }

    private static Map<String, Map<String, String>> rows(List<DirectoryAccount> accounts) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        accounts.stream().filter(DirectoryAccount::present).sorted(Comparator.comparing(DirectoryAccount::login))
                .forEach(a -> {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("login", a.login());
                    row.put("accountId", a.accountId());
                    row.put("role", a.role());
                    row.put("lastName", a.lastName());
                    row.put("usageName", Objects.toString(a.usageName(), ""));
                    row.put("firstName", a.firstName());
                    row.put("classGroup", Objects.toString(a.classGroup(), ""));
                    row.put("level", Objects.toString(a.level(), ""));
                    row.put("status", a.status().name());
                    row.put("userPassword", a.passwordHash());
                    rows.put(a.login(), row);
                });
        return rows;
    }

    private void write(List<DirectoryAccount> accounts) {
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + uai + "-", ".csv.tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            try {
                try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
                     CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
                    for (Map<String, String> row : rows(accounts).values()) {
                        printer.printRecord(row.values());
                    }
                }
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temporary, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (AccessDeniedException e) {
            throw new TargetRefusedException("The users file cannot be written in " + directory
                    + ": permission denied", e);
        } catch (IOException e) {
            throw new TargetUnavailableException("The users file cannot be written in " + directory + ": " + e, e);
        }
    }

    private Map<String, Map<String, String>> read() {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(file(), StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true)
                     .get().parse(in)) {
            for (CSVRecord record : parser) {
                Map<String, String> row = new LinkedHashMap<>();
                for (String column : COLUMNS) {
                    row.put(column, record.isMapped(column) && record.isSet(column) ? record.get(column) : null);
                }
                rows.put(row.get("login"), row);
            }
        } catch (NoSuchFileException e) {
            return rows;
        } catch (IOException | IllegalArgumentException e) {
            throw new TargetUnavailableException("The users file " + file() + " cannot be read: " + e.getMessage(), e);
        }
        return rows;
    }

    @Override
    public void close() {
        // nothing held open between writes
    }
}
