package fr.intrascol.sync.app.database;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded PostgreSQL is durable, keeps its data, and survives its JVM being killed. */
class EmbeddedDatabaseTest {

    private static Path newDataDir() {
        return Path.of("target", "db-test-" + UUID.randomUUID());
    }

    private static String query(EmbeddedDatabase database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres",
                database.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void it_runs_with_fsync_and_synchronous_commit_on_and_keeps_data_across_restarts() throws Exception {
        Path dataDir = newDataDir();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, true, 0)) {
            assertThat(query(database, "SHOW fsync")).isEqualTo("on");
            assertThat(query(database, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(query(database, "SHOW full_page_writes")).isEqualTo("on");
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres",
                    database.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (v TEXT)");
                statement.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, true, 0)) {
            assertThat(query(database, "SELECT v FROM kept")).isEqualTo("still here");
        }
    }

    @Test
    void after_the_jvm_was_killed_the_orphaned_server_is_stopped_and_the_data_is_there() throws Exception {
        Path dataDir = newDataDir();
        String classpath = Optional.ofNullable(System.getProperty("surefire.test.class.path"))
                .orElse(System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", classpath, EmbeddedDatabaseChild.class.getName(),
                dataDir.toString())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean ready = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY")) {
                    ready = true;
                    break;
                }
            }
            assertThat(ready).as("the child JVM started its database").isTrue();
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        assertThat(pidFile).as("PostgreSQL outlived its JVM").exists();
        long orphanPid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, true, 0)) {
            assertThat(query(database, "SELECT note FROM survivor WHERE id = 1"))
                    .isEqualTo("committed before kill -9");
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void a_second_instance_on_the_same_data_folder_is_refused_and_the_running_one_is_left_alone() throws Exception {
        Path dataDir = newDataDir();
        try (EmbeddedDatabase running = EmbeddedDatabase.start(dataDir, false, 0)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, false, 0))
                    .hasMessageContaining("in use by another running intrascol-sync");
            assertThat(query(running, "SELECT 'still serving'")).isEqualTo("still serving");
        }
    }
}
