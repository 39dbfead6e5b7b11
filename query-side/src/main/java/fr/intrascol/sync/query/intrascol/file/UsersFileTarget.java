package fr.intrascol.sync.query.intrascol.file;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import fr.intrascol.sync.query.intrascol.DirectoryAccount;
import fr.intrascol.sync.query.intrascol.DirectoryDiff;
import fr.intrascol.sync.query.intrascol.DirectoryTarget;
import fr.intrascol.sync.query.intrascol.Drift;
import fr.intrascol.sync.query.intrascol.SchoolChanges;
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

    /** The file is written whole, once for the batch. */
    @Override
    public void push(SchoolChanges changes) {
        write(changes.after());
    }

    @Override
    public Drift.Repair syncAll(List<DirectoryAccount> desired) {
        DirectoryDiff.Changes changes = changes(desired);
        write(desired);
        return changes.counts();
    }

    @Override
    public Drift drift(List<DirectoryAccount> desired) {
        return changes(desired).drift();
    }

    /** The file's rows against the school's accounts, compared column by column. */
    private DirectoryDiff.Changes changes(List<DirectoryAccount> desired) {
        Map<String, Entry> actual = new LinkedHashMap<>();
        read().forEach((login, row) -> actual.put(login, entry(row)));
        return DirectoryDiff.school(desired.stream().sorted(Comparator.comparing(DirectoryAccount::login)).toList(),
                DirectoryDiff.Actual.of(actual), LAYOUT);
    }

    /**
     * A row as the diff sees it: an UnboundID {@link Entry} used as a plain record of named values (nothing
     * of LDAP is involved), one attribute per column that has a value, named {@code uid=<login>}.
     */
    private static Entry entry(Map<String, String> row) {
        List<Attribute> values = new ArrayList<>();
        row.forEach((column, value) -> {
            if (value != null) {
                values.add(new Attribute(column, value));
            }
        });
        return new Entry(new DN(new RDN("uid", Objects.toString(row.get("login"), ""))), values);
    }

    /** Rows have no groups; drift reports name them by login. */
    private static final DirectoryDiff.Layout LAYOUT = new DirectoryDiff.Layout() {
        @Override
        public Entry entry(DirectoryAccount account) {
            return UsersFileTarget.entry(row(account));
        }

        @Override
        public List<String> owned() {
            return COLUMNS;
        }

        @Override
        public String name(Entry entry) {
            return entry.getAttributeValue("login");
        }

        @Override
        public String accountId(Entry entry) {
            return entry.getAttributeValue("accountId");
        }
    };

    private static Map<String, Map<String, String>> rows(List<DirectoryAccount> accounts) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        accounts.stream().filter(DirectoryAccount::present).sorted(Comparator.comparing(DirectoryAccount::login))
                .forEach(a -> rows.put(a.login(), row(a)));
        return rows;
    }

    private static Map<String, String> row(DirectoryAccount a) {
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
        // written empty when there is none, and so read back
        row.put("userPassword", Objects.toString(a.passwordHash(), ""));
        return row;
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
                rows.put(Objects.toString(row.get("login"), ""), row);
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
