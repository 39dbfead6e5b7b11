package fr.intrascol.sync.testsupport;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenLDAP {@code slapd} on loopback, for end-to-end tests of the LDAP push and for the
 * benchmark ({@code bench}), which pushes a whole département to it.
 *
 * <p>Why a real server rather than UnboundID's in-memory one: the school servers run OpenLDAP, and
 * what matters is how <em>it</em> answers (schema checks, {@code {CRYPT}} password checks, recovery
 * of the {@code mdb} database after a crash). Each instance is private: its own {@code slapd.conf},
 * database and log under {@code target/slapd/<unique>/}, a random administrator password, a free
 * port on 127.0.0.1. It never reads or writes the system's configuration ({@code /etc/ldap/slapd.d},
 * {@code /var/lib/ldap}) and never starts the system service; it only uses the installed binaries,
 * schemas ({@value #SCHEMAS}) and modules ({@value #MODULES}).
 *
 * <p>{@code slapd} runs in the foreground ({@code -d none}: no detaching, only its notices and
 * errors on stderr) as a child of the test JVM, so {@link #stop()} and {@link #kill()} act on the
 * real server and a JVM shutdown hook kills any instance a test forgot to close. It runs as the
 * current user: no {@code -u}/{@code -g}, so no privilege drop.
 */
public final class Slapd implements AutoCloseable {

    static final String SCHEMAS = "/etc/ldap/schema";
    static final String MODULES = "/usr/lib/ldap";
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
    private static final Path LDAPSEARCH = Path.of("/usr/bin/ldapsearch");
    private static final String NOT_INSTALLED = "OpenLDAP %s is not installed: run `.ci/run` (it installs slapd and"
            + " ldap-utils) or `apt-get install slapd ldap-utils`";
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** 256 MB: the map is sparse, so this only caps growth; a school's directory needs a few MB. */
    private static final long MAX_SIZE = 256L * 1024 * 1024;

    private final String suffix;
    private final String bindDn;
    private final String password;
    private final Path directory;
    private final Path config;
    private final Path log;
    /** Chosen at the first start, kept by {@link #restart()}. */
    private int port;
    private final Thread shutdownHook = new Thread(this::killQuietly, "slapd-shutdown");
    private volatile Process process;

    private Slapd(String suffix, Path directory, String password) {
        this.suffix = suffix;
        this.bindDn = "cn=admin," + suffix;
        this.password = password;
        this.directory = directory;
        this.config = directory.resolve("slapd.conf");
        this.log = directory.resolve("slapd.log");
    }

    /** A fresh, durable directory holding only the suffix entry (e.g. {@code dc=ecole-0912345L,dc=intrascol,dc=test}). */
    public static Slapd start(String suffix) {
        return start(suffix, false);
    }

    /**
     * As {@link #start(String)}; {@code dbnosync} skips mdb's fsync on commit — for benchmarks only,
     * as a crash may then lose the last writes.
     */
    public static Slapd start(String suffix, boolean dbnosync) {
        return start(suffix, dbnosync, Path.of("target", "slapd"));
    }

    /** As {@link #start(String, boolean)}, with the instance's private folder created under {@code parent}. */
    public static Slapd start(String suffix, boolean dbnosync, Path parent) {
        return start(suffix, dbnosync, parent, MAX_SIZE);
    }

    /** As {@link #start(String, boolean, Path)}, the mdb map capped at {@code maxSize} bytes (it is sparse). */
    public static Slapd start(String suffix, boolean dbnosync, Path parent, long maxSize) {
        requireInstalled(SLAPD, "slapd");
        requireInstalled(SLAPADD, "slapd");
        try {
            Path base = Files.createDirectories(parent.toAbsolutePath());
            String name = new DN(suffix).getRDN().getAttributeValues()[0].replaceAll("[^A-Za-z0-9-]", "_");
            Slapd slapd = new Slapd(suffix, Files.createTempDirectory(base, name + "-"), randomPassword());
            slapd.writeConfiguration(dbnosync, maxSize);
            slapd.addSuffixEntry();
            IllegalStateException portTaken = null;
            // a free port can be taken between probing and slapd's bind: try a few before giving up
            for (int attempt = 0; attempt < 5; attempt++) {
                slapd.port = freePort();
                try {
                    slapd.launch();
                    Runtime.getRuntime().addShutdownHook(slapd.shutdownHook);
                    return slapd;
                } catch (IllegalStateException e) {
                    if (!slapd.logText().contains("Address already in use")) {
                        throw e;
                    }
                    portTaken = e;
                }
            }
            throw portTaken;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("not a DN: " + suffix, e);
        }
    }

    public String url() {
        return "ldap://" + HOST + ":" + port;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public String bindDn() {
        return bindDn;
    }

    public String bindPassword() {
        return password;
    }

    public String suffix() {
        return suffix;
    }

    /** This instance's private folder: {@code slapd.conf}, {@code data/} (mdb) and {@code slapd.log}. */
    public Path directory() {
        return directory;
    }

    /** The running slapd's process id (for its CPU time in /proc), or -1 when it is stopped. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** A new connection bound as the root DN; the caller closes it. */
    public LDAPConnection connect() throws LDAPException {
        return new LDAPConnection(connectionOptions(), HOST, port, bindDn, password);
    }

    /** Graceful stop (SIGTERM), waiting for slapd to flush and exit. */
    public void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        awaitExit(p, "SIGTERM");
        process = null;
    }

    /** SIGKILL: a crash, e.g. in the middle of a push. mdb recovers on {@link #restart()}. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        awaitExit(p, "SIGKILL");
        process = null;
    }

    /** Starts slapd again (stopping it first if it runs) on the same port, configuration and data. */
    public void restart() {
        stop();
        launch();
    }

    /** Stops slapd and deletes its folder. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing to remove
            }
            deleteRecursively(directory);
        }
    }

    /**
     * Every entry under the suffix (the suffix entry included), read as the root DN with its user
     * attributes: DN → attribute name (case-insensitive order) → values (sorted). Two directories
     * holding the same entries give equal maps, whatever the order the entries were written in.
     */
    public SortedMap<String, SortedMap<String, List<String>>> searchAll() {
        try (LDAPConnection connection = connect()) {
            SortedMap<String, SortedMap<String, List<String>>> entries = new TreeMap<>();
            for (SearchResultEntry entry : connection.search(suffix, SearchScope.SUB, "(objectClass=*)", "*")
                    .getSearchEntries()) {
                SortedMap<String, List<String>> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Attribute attribute : entry.getAttributes()) {
                    attributes.put(attribute.getName(), Arrays.stream(attribute.getValues()).sorted().toList());
                }
                entries.put(entry.getDN(), attributes);
            }
            return entries;
        } catch (LDAPException e) {
            throw new IllegalStateException("search of " + suffix + " on " + url() + " failed", e);
        }
    }

    /**
     * The real client: {@code ldapsearch -x -H url -D bindDn -w password -b suffix -LLL} with the given
     * filter and attributes, LDIF lines unwrapped; returns its output. {@code LDAPNOINIT} keeps the
     * machine's {@code ldap.conf} and {@code ~/.ldaprc} out of it.
     */
    public String ldapsearch(String filter, String... attributes) {
        requireInstalled(LDAPSEARCH, "ldap-utils");
        List<String> command = new ArrayList<>(List.of(LDAPSEARCH.toString(), "-x", "-H", url(), "-D", bindDn,
                "-w", password, "-b", suffix, "-LLL", "-o", "ldif-wrap=no", filter));
        command.addAll(List.of(attributes));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LDAPNOINIT", "1");
        return run(builder);
    }

    private void writeConfiguration(boolean dbnosync, long maxSize) throws IOException {
        Files.createDirectories(directory.resolve("data"));
        boolean mdbIsModule = Files.exists(Path.of(MODULES, "back_mdb.la"))
                || Files.exists(Path.of(MODULES, "back_mdb.so"));
        String text = """
                # Written by Slapd.java for this instance only.
                include %1$s/core.schema
                include %1$s/cosine.schema
                include %1$s/inetorgperson.schema
                include %1$s/nis.schema
                pidfile "%2$s/slapd.pid"
                argsfile "%2$s/slapd.args"
                %3$s
                database mdb
                suffix "%4$s"
                rootdn "%5$s"
                rootpw %6$s
                directory "%2$s/data"
                maxsize %7$d
                %8$s
                index objectClass eq
                index uid eq
                access to attrs=userPassword by self write by anonymous auth by * none
                access to * by * read
                """.formatted(SCHEMAS, directory, mdbIsModule ? "modulepath " + MODULES + "\nmoduleload back_mdb" : "",
                suffix, bindDn, password, maxSize, dbnosync ? "dbnosync" : "");
        Files.writeString(config, text);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    private void addSuffixEntry() throws IOException, LDAPException {
        RDN rdn = new DN(suffix).getRDN();
        String name = rdn.getAttributeNames()[0];
        String value = rdn.getAttributeValues()[0];
        Entry entry = new Entry(suffix);
        switch (name.toLowerCase()) {
            case "dc" -> {
                entry.addAttribute("objectClass", "dcObject", "organization");
                entry.addAttribute("o", value);
            }
            case "o" -> entry.addAttribute("objectClass", "organization");
            case "ou" -> entry.addAttribute("objectClass", "organizationalUnit");
            default -> throw new IllegalArgumentException("the suffix must start with dc=, o= or ou=: " + suffix);
        }
        entry.addAttribute(name, value);
        Path ldif = directory.resolve("suffix.ldif");
        Files.writeString(ldif, entry.toLDIFString() + "\n");
        run(new ProcessBuilder(SLAPADD.toString(), "-f", config.toString(), "-l", ldif.toString())
                .redirectErrorStream(true));
    }

    /** Starts the slapd process and waits until the root DN can bind. */
    private void launch() {
        ProcessBuilder builder = new ProcessBuilder(SLAPD.toString(), "-h", url() + "/", "-f", config.toString(),
                "-d", "none")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = p;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!p.isAlive()) {
                process = null;
                throw new IllegalStateException("slapd exited with status " + p.exitValue() + " on " + url()
                        + " (" + config + "):\n" + logText());
            }
            try (LDAPConnection ignored = connect()) {
                return;
            } catch (LDAPException notYet) {
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    process = null;
                    throw new IllegalStateException("slapd did not accept a bind on " + url() + " within "
                            + START_TIMEOUT.toSeconds() + " s (" + notYet.getMessage() + "):\n" + logText(), notYet);
                }
                sleep(20);
            }
        }
    }

    private void awaitExit(Process p, String signal) {
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("slapd on " + url() + " did not exit after " + signal);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void killQuietly() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static LDAPConnectionOptions connectionOptions() {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(1000);
        options.setResponseTimeoutMillis(10_000);
        return options;
    }

    /** Runs a short command to its end; its output, or an exception holding it if it failed. */
    private static String run(ProcessBuilder builder) {
        try {
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", builder.command()) + " exited with status " + status
                        + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void requireInstalled(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(NOT_INSTALLED.formatted(debianPackage) + " (" + binary + " is missing)");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
