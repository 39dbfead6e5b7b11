package fr.intrascol.sync.app;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;

/**
 * The application's own settings ({@code intrascol.*} in application.properties, or
 * {@code --intrascol.x=y} on the command line, or {@code INTRASCOL_X} in the environment), with their
 * defaults: this record is the one place a default is written. The command side
 * ({@code CommandSideProperties}) and the query side ({@code QuerySideProperties}) bind their own parts of
 * {@code intrascol.*}; docs/operations.md lists every setting.
 *
 * @param dataDir               where the embedded PostgreSQL keeps its data, and the default home of the
 *                              files below
 * @param embedded              settings of the embedded database, used when no {@code spring.datasource.url} is set
 * @param bootstrap             the first administrator, created when no user exists
 * @param timeZone              how date-only values (report bounds, a past view's day) are read
 * @param role                  {@code all}, {@code command} or {@code query} (what this process does)
 * @param nodeId                this process's name in token claims; blank: the JVM's name and 8 random characters
 * @param cli                   the command a process started as a command-line tool runs (blank for the server)
 * @param readYourWritesTimeout how long a write's answer waits for the read models to show it (then 202)
 */
@ConfigurationProperties("intrascol")
public record IntrascolProperties(@DefaultValue("data") Path dataDir,
                                  @DefaultValue Embedded embedded,
                                  @DefaultValue Bootstrap bootstrap,
                                  @DefaultValue("Europe/Paris") ZoneId timeZone,
                                  @DefaultValue("all") String role,
                                  @DefaultValue("") String nodeId,
                                  @DefaultValue("") String cli,
                                  @DefaultValue("10s") Duration readYourWritesTimeout,
                                  @DefaultValue Db db,
                                  @Name("import") @DefaultValue Imports imports,
                                  @DefaultValue Commands commands,
                                  @DefaultValue Snapshot snapshot,
                                  @DefaultValue EventStore eventStore,
                                  @DefaultValue Scale scale,
                                  @DefaultValue Security security,
                                  @DefaultValue Privacy privacy,
                                  @DefaultValue Retention retention,
                                  @DefaultValue Reports reports,
                                  @DefaultValue Archive archive,
                                  @DefaultValue Secrets secrets) {

    /**
     * @param durable fsync and synchronous_commit on (never turn off outside tests)
     * @param port    0 picks a free port
     * @param server  PostgreSQL settings ({@code intrascol.embedded.server.shared_buffers=1GB}) over the
     *                embedded defaults of {@link fr.intrascol.sync.app.database.EmbeddedDatabase#SERVER_DEFAULTS}
     */
    public record Embedded(@DefaultValue("true") boolean durable, @DefaultValue("0") int port, Map<String, String> server) {
        public Embedded {
            server = server == null ? Map.of() : Map.copyOf(server);
        }
    }

    /**
     * @param adminUsername the first administrator's name
     * @param adminPassword its password; when unset a random one is generated and logged once
     */
    public record Bootstrap(@DefaultValue("admin") String adminUsername, String adminPassword) {
    }

    /**
     * @param poolSize          connections in the pool
     * @param connectionTimeout how long a request waits for a free connection before a 503 {@code busy}
     */
    public record Db(@DefaultValue("24") int poolSize, @DefaultValue("10s") Duration connectionTimeout) {
    }

    /**
     * @param maxFileBytes      the largest extraction accepted
     * @param maxRows           the most pupils one extraction may hold
     * @param planExpiresAfter  a plan not applied within this is discarded by the retention job
     * @param credentialsTtl    how long a new accounts' credentials sheet can be downloaded
     */
    public record Imports(@DefaultValue("5242880") long maxFileBytes, @DefaultValue("5000") int maxRows,
                          @DefaultValue("7d") Duration planExpiresAfter, @DefaultValue("2h") Duration credentialsTtl) {
    }

    /**
     * @param schoolWait   how long a write waits for its school's turn before a 503 {@code busy}
     * @param cacheSchools keep schools' aggregates in memory between commands; unset: only with {@code role=all}
     */
    public record Commands(@DefaultValue("30s") Duration schoolWait, Boolean cacheSchools) {
    }

    /** @param queue snapshots waiting for the snapshot thread (more are skipped: the next trigger takes one) */
    public record Snapshot(@DefaultValue("1000") int queue) {
    }

    /** @param fetchSize events read per query by the event processors */
    public record EventStore(@DefaultValue("1000") int fetchSize) {
    }

    /** Segments shared between query processes: see docs/operations.md, "Scaling out". */
    public record Scale(@DefaultValue("2s") Duration heartbeatInterval, @DefaultValue("6s") Duration nodeTimeout,
                        @DefaultValue("5s") Duration releaseFor) {
    }

    public record Security(@DefaultValue("12h") Duration sessionMaxLifetime, @DefaultValue SignIn signIn) {
    }

    /** Sign-in throttling: failures per account and per address within the window, and the blocks' length. */
    public record SignIn(@DefaultValue("5") int maxFailures, @DefaultValue("20") int maxFailuresPerAddress,
                         @DefaultValue("15m") Duration window, @DefaultValue("1m") Duration firstBlock,
                         @DefaultValue("15m") Duration maxBlock) {
    }

    /**
     * @param erasureLedger       the erasures' append-only log; unset: {@code erasures.log} in the data folder
     * @param eraseSuspendedAfter a suspended account's personal data is erased after this
     * @param keyCacheSize        person keys kept in memory
     * @param keyCacheTtl         how long a person key stays in memory
     */
    public record Privacy(Path erasureLedger, @DefaultValue("P90D") Duration eraseSuspendedAfter,
                          @DefaultValue("50000") int keyCacheSize, @DefaultValue("5m") Duration keyCacheTtl) {
    }

    /**
     * @param checkEvery   how often the retention job runs
     * @param initialDelay its first run after the start
     */
    public record Retention(@DefaultValue("1h") Duration checkEvery, @DefaultValue("5m") Duration initialDelay) {
    }

    /**
     * @param maxPeriod  the longest period one report covers
     * @param maxChanges the most changes one report lists
     * @param changes    « Ce qui a changé entre deux dates »
     */
    public record Reports(@DefaultValue("P10Y") Period maxPeriod, @DefaultValue("5000") int maxChanges,
                          @DefaultValue Changes changes) {
    }

    /**
     * @param maxSchools the most schools one comparison covers (beyond: 400)
     * @param maxLines   the most lines it lists in all (beyond: 400)
     */
    public record Changes(@DefaultValue("100") int maxSchools, @DefaultValue("5000") int maxLines) {
    }

    /** @param rebuildTimeout how long {@code archive-import} waits for the projections' rebuild */
    public record Archive(@DefaultValue("4h") Duration rebuildTimeout) {
    }

    /**
     * @param key     base64 of the 32-byte key that encrypts the targets' bind passwords (every process of an
     *                installation the same); unset: the key file
     * @param keyFile created with a random key on first start; unset: {@code secrets.key} in the data folder
     */
    public record Secrets(@DefaultValue("") String key, Path keyFile) {
    }

    /** The erasures' ledger file. */
    public Path erasureLedgerFile() {
        return privacy.erasureLedger() != null ? privacy.erasureLedger() : dataDir.resolve("erasures.log");
    }

    /** The secrets key file. */
    public Path secretsKeyFile() {
        return secrets.keyFile() != null ? secrets.keyFile() : dataDir.resolve("secrets.key");
    }
}
