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
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
            realDirectory();
        } catch (TargetRefusedException e) {
            throw e;
        } catch (IOException e) {
            throw new TargetRefusedException("The folder " + directory + " cannot be created ("
                    + describe(e) + ")", e);
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
            realDirectory();
            if (Files.isSymbolicLink(file())) {
                throw linked(file());
            }
            Path temporary = Files.createTempFile(directory, "." + uai + "-", ".csv.tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            try {
                try (Writer out = new java.io.BufferedWriter(Channels.newWriter(Files.newByteChannel(temporary,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS),
                        StandardCharsets.UTF_8));
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
            throw new TargetUnavailableException("The users file cannot be written in " + directory + ": "
                    + describe(e), e);
        }
    }

    /**
     * Makes sure the folder is a real folder, reached without following any symbolic link (one planted
     * inside the file root must not lead the users file elsewhere), creating what is missing one folder at
     * a time once the existing part is known to be real.
     */
    private void realDirectory() throws IOException {
        Path target = directory.toAbsolutePath().normalize();
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            if (!Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw Files.isSymbolicLink(existing) ? linked(existing)
                        : new TargetRefusedException("The folder " + directory + " cannot be created: " + existing
                        + " is a file, not a folder", null);
            }
            if (!existing.toRealPath().equals(existing)) {
                throw linked(existing);
            }
            for (Path missing : existing.relativize(target)) {
                if (missing.toString().isEmpty()) {
                    continue;
                }
                existing = existing.resolve(missing);
                try {
                    Files.createDirectory(existing);
                } catch (FileAlreadyExistsException e) {
                    // made meanwhile: checked below
                }
            }
        }
        if (Files.isSymbolicLink(target) || !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
                || !target.toRealPath().equals(target)) {
            throw linked(target);
        }
    }

    /** What went wrong with a file, in words: never an exception's class name. */
    static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "a folder on its path does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        if (e instanceof IllegalArgumentException || e instanceof org.apache.commons.csv.CSVException) {
            return "it is not a users file this application wrote (its CSV lines are malformed)";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? "input/output error" : message;
    }

    private TargetRefusedException linked(Path where) {
        return new TargetRefusedException("The users file of " + uai + " is not written: " + where + " is, or goes"
                + " through, a symbolic link, and the users file is never written through links. Remove the link,"
                + " or configure the school's folder again", null);
    }

    private Map<String, Map<String, String>> read() {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        if (Files.isSymbolicLink(file())) {
            throw linked(file());
        }
        try (Reader in = new java.io.BufferedReader(Channels.newReader(Files.newByteChannel(file(),
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8));
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
            throw new TargetUnavailableException("The users file " + file() + " cannot be read: " + describe(e), e);
        }
        return rows;
    }

    @Override
    public void close() {
        // nothing held open between writes
    }
}
