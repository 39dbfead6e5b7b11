package fr.intrascol.sync.app.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a separate JVM by {@link EmbeddedDatabaseTest}: starts the embedded database, commits one
 * row, says READY and waits to be killed.
 */
public final class EmbeddedDatabaseChild {

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), true, 0);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", database.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS survivor (id INT PRIMARY KEY, note TEXT)");
            statement.execute("INSERT INTO survivor VALUES (1, 'committed before kill -9') ON CONFLICT DO NOTHING");
        }
        System.out.println("READY " + database.port());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
