package fr.intrascol.sync.app.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The embedded PostgreSQL trusts no local account (decision 96): every connection gives the superuser's
 * password, kept in an owner-only file, the server listens on loopback only, and a data folder made by an
 * earlier version (trust) is upgraded when it starts.
 */
class EmbeddedDatabaseSecurityTest {

    private static Path dataDir;
    private static EmbeddedDatabase database;

    @BeforeAll
    static void start() {
        dataDir = newDataDir();
        database = EmbeddedDatabase.start(dataDir, false, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    private static Path newDataDir() {
        return Path.of("target", "db-security-" + UUID.randomUUID()).toAbsolutePath();
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String filePassword(Path dataDir) throws Exception {
        return Files.readString(dataDir.resolve("postgres.password"), StandardCharsets.US_ASCII).strip();
    }

    /** The lines of pg_hba.conf that PostgreSQL reads (no comments, no blank lines). */
    private static List<String> hbaRules(Path dataDir) throws Exception {
        return Files.readAllLines(dataDir.resolve("postgres/pg_hba.conf")).stream()
                .map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    @Test
    void a_connection_without_a_password_is_refused() {
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "").close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void a_connection_with_a_wrong_password_is_refused() {
        assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "not-the-password")
                .close())
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28P01"));
    }

    @Test
    void a_connection_with_the_password_of_the_file_is_accepted_and_the_application_uses_it() throws Exception {
        String password = filePassword(dataDir);
        assertThat(password).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
        assertThat(database.password()).isEqualTo(password);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", password)) {
            assertThat(query(connection, "SELECT current_user")).isEqualTo("postgres");
            assertThat(query(connection, "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid"
                    + " WHERE rolname = 'postgres'")).isEqualTo("t");
        }
    }

    @Test
    void pg_hba_conf_asks_every_connection_for_a_password_and_trusts_nobody() throws Exception {
        String hba = Files.readString(dataDir.resolve("postgres/pg_hba.conf"));
        List<String> rules = hbaRules(dataDir);
        assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(rule).endsWith("scram-sha-256"));
        assertThat(rules).noneMatch(rule -> rule.contains("trust"));
        assertThat(rules).anyMatch(rule -> rule.startsWith("local")).anyMatch(rule -> rule.startsWith("host"));
        assertThat(hba.lines().filter(line -> !line.startsWith("#"))).noneMatch(line -> line.contains("trust"));
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", database.password())) {
            assertThat(query(connection, "SHOW password_encryption")).isEqualTo("scram-sha-256");
            assertThat(query(connection, "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'"
                    + " OR error IS NOT NULL")).isEqualTo("0");
        }
    }

    @Test
    void the_password_file_is_readable_by_its_owner_only() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("postgres.password"))))
                .isEqualTo("rw-------");
    }

    @Test
    void the_server_listens_on_the_loopback_address_only() throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", database.password())) {
            assertThat(query(connection, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        }
        assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof Inet4Address) {
                    others.add(address);
                }
            }
        }
        for (InetAddress address : others) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, database.port()), 2000);
                }
            }).as("PostgreSQL reachable on %s", address).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void psql_on_the_unix_socket_without_the_password_is_refused() throws Exception {
        String socketDirectory;
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", database.password())) {
            socketDirectory = query(connection, "SHOW unix_socket_directories").split(",")[0].strip();
        }
        assumeThat(socketDirectory).isNotEmpty();
        Optional<Path> psql = client("psql");
        assumeThat(psql).as("psql installed").isPresent();
        ProcessBuilder builder = new ProcessBuilder(psql.get().toString(), "-w", "-h", socketDirectory,
                "-p", String.valueOf(database.port()), "-U", "postgres", "-d", EmbeddedDatabase.DATABASE,
                "-c", "SELECT 1").redirectErrorStream(true);
        builder.environment().remove("PGPASSWORD");
        builder.environment().put("PGPASSFILE", "/dev/null");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("password");
    }

    /** What docs/operations.md tells operators: PGPASSWORD=$(cat data/postgres.password) pg_dump -h 127.0.0.1 … */
    @Test
    void pg_dump_works_with_the_password_of_the_file_and_is_refused_without_it() throws Exception {
        Optional<Path> pgDump = client("pg_dump");
        assumeThat(pgDump).as("pg_dump installed").isPresent();
        List<String> command = List.of(pgDump.get().toString(), "-w", "--schema-only", "-h", "127.0.0.1",
                "-p", String.valueOf(database.port()), "-U", "postgres", EmbeddedDatabase.DATABASE);

        ProcessBuilder without = new ProcessBuilder(command).redirectErrorStream(true);
        without.environment().remove("PGPASSWORD");
        without.environment().put("PGPASSFILE", "/dev/null");
        Process refused = without.start();
        String refusal = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as(refusal).isNotZero();
        assertThat(refusal).contains("password");

        ProcessBuilder with = new ProcessBuilder(command).redirectErrorStream(true);
        with.environment().put("PGPASSWORD", filePassword(dataDir));
        with.environment().put("PGPASSFILE", "/dev/null");
        Process dumped = with.start();
        String dump = new String(dumped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dumped.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dumped.exitValue()).as(dump).isZero();
        assertThat(dump).contains("PostgreSQL database dump");
    }

    private static Optional<Path> client(String name) {
        return Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> java.util.Arrays.stream(path.split(java.io.File.pathSeparator)))
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    @Test
    void it_refuses_to_start_when_other_accounts_can_read_the_password_file() throws Exception {
        Path dir = newDataDir();
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir, false, 0)) {
            assertThat(first.passwordFile()).exists();
        }
        Path file = dir.resolve("postgres.password");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> EmbeddedDatabase.start(dir, false, 0).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (EmbeddedDatabase again = EmbeddedDatabase.start(dir, false, 0);
             Connection connection = DriverManager.getConnection(again.jdbcUrl(), "postgres", again.password())) {
            assertThat(query(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void a_data_folder_made_by_an_earlier_version_with_trust_is_upgraded_when_it_starts() throws Exception {
        Path dir = newDataDir();
        Path pgData = dir.resolve("postgres");
        Files.createDirectories(pgData);
        // the way earlier versions started it: zonky's defaults, initdb -A trust, no password at all
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
             Connection connection = old.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + EmbeddedDatabase.DATABASE);
            try (Connection app = old.getDatabase("postgres", EmbeddedDatabase.DATABASE).getConnection();
                 Statement create = app.createStatement()) {
                create.execute("CREATE TABLE pupils (name TEXT)");
                create.execute("INSERT INTO pupils VALUES ('kept through the upgrade')");
            }
        }
        assertThat(hbaRules(dir)).anyMatch(rule -> rule.endsWith("trust"));
        assertThat(dir.resolve("postgres.password")).doesNotExist();

        try (EmbeddedDatabase upgraded = EmbeddedDatabase.start(dir, false, 0)) {
            assertThat(dir.resolve("postgres.password")).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("postgres.password"))))
                    .isEqualTo("rw-------");
            assertThat(upgraded.password()).isEqualTo(filePassword(dir));
            assertThat(hbaRules(dir)).isNotEmpty().noneMatch(rule -> rule.contains("trust"));
            assertThatThrownBy(() -> DriverManager.getConnection(upgraded.jdbcUrl()).close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(upgraded.jdbcUrl(), "postgres", "wrong").close())
                    .isInstanceOf(SQLException.class);
            try (Connection connection = DriverManager.getConnection(upgraded.jdbcUrl(), "postgres",
                    filePassword(dir))) {
                assertThat(query(connection, "SELECT name FROM pupils")).isEqualTo("kept through the upgrade");
                assertThat(query(connection, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            }
        }

        // someone puts "trust" back while it is stopped: the next start writes the password-only rules again
        Files.writeString(pgData.resolve("pg_hba.conf"),
                "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(dir, false, 0)) {
            assertThat(hbaRules(dir)).isNotEmpty().noneMatch(rule -> rule.contains("trust"));
            assertThatThrownBy(() -> DriverManager.getConnection(restarted.jdbcUrl()).close())
                    .isInstanceOf(SQLException.class);
            try (Connection connection = DriverManager.getConnection(restarted.jdbcUrl(), "postgres",
                    filePassword(dir))) {
                assertThat(query(connection, "SELECT name FROM pupils")).isEqualTo("kept through the upgrade");
            }
        }
    }

    @Test
    void a_lost_password_file_is_replaced_and_the_database_given_the_new_password() throws Exception {
        Path dir = newDataDir();
        String before;
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir, false, 0)) {
            before = first.password();
        }
        Files.delete(dir.resolve("postgres.password"));
        try (EmbeddedDatabase second = EmbeddedDatabase.start(dir, false, 0)) {
            assertThat(second.password()).isNotEqualTo(before).isEqualTo(filePassword(dir));
            try (Connection connection = DriverManager.getConnection(second.jdbcUrl(), "postgres",
                    second.password())) {
                assertThat(query(connection, "SELECT 1")).isEqualTo("1");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(second.jdbcUrl(), "postgres", before).close())
                    .isInstanceOf(SQLException.class);
        }
    }
}
