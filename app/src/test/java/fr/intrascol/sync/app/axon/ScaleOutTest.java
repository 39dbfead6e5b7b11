package fr.intrascol.sync.app.axon;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.IntrascolSyncApplication;
import fr.intrascol.sync.app.database.EmbeddedDatabase;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.testsupport.Eventually;
import fr.intrascol.sync.testsupport.ExtractionGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An académie's layout on one database: a command process (writes, no event processor) and two query
 * processes that split every processor's segments through token_entry. One query process is a separate
 * JVM, killed with SIGKILL while events are being written: the other takes over its segments, and every
 * read model ends exactly as the event store says (nothing lost, nothing applied twice).
 * <p>
 * Its own embedded PostgreSQL (not the suite's shared one, whose application would be a third node).
 * Timings are shortened for the test: heartbeat 300 ms, node timeout 2 s, token claims 3 s.
 */
class ScaleOutTest {

    private static final String PASSWORD = "admin-password-for-scale-out";
    private static final List<String> SPLIT = List.of("accounts", "history", "intrascol-projector");
    private static final List<String> PROCESSORS = List.of("accounts", "history", "imports", "intrascol-projector");

    private final Path work = Path.of("target", "scale-out-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void two_query_processes_split_the_segments_and_one_takes_over_from_the_other_killed_with_sigkill()
            throws Exception {
        Process queryB = null;
        Path queryBLog = work.resolve("query-b.log");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(work.resolve("db"), false, 0)) {
            JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), "postgres", database.password()));
            // B (its own JVM, to be killed with SIGKILL) and the command process start at once (Flyway's lock
            // lets one migrate); A, in this JVM too, once the command process is up: two Spring Boot
            // applications starting at the same moment in one JVM race on Logback's one configuration (it
            // failed now and then with a ConcurrentModificationException or an unresolved logging property)
            queryB = startJvm(database, queryBLog);
            try (ConfigurableApplicationContext command = start(database, "command", "command",
                    "--intrascol.read-your-writes-timeout=30s");
                 ConfigurableApplicationContext queryA = start(database, "query-a", "query")) {
                Api writer = api(command);
                Api reader = api(queryA);
                JsonNode health = writer.get("/actuator/health").json();
                assertThat(health.get("status").asText()).as("a command process runs no processor and is UP: "
                        + health).isEqualTo("UP");
                // fair shares: accounts and history 1 + 1, the projector's 4 segments 2 + 2, imports either
                awaitOwners(jdbc, queryB, queryBLog, "both query processes hold their fair share of every processor",
                        owners -> SPLIT.stream().allMatch(p -> owners.getOrDefault(p, List.of()).stream()
                                .sorted().toList().equals(p.equals("intrascol-projector")
                                        ? List.of("query-a", "query-a", "query-b", "query-b")
                                        : List.of("query-a", "query-b")))
                                && ownedBy(owners, "imports", Set.of("query-a", "query-b")));

                // writes go through the command process; its read-your-writes wait reads token_entry
                List<String> schools = new ArrayList<>();
                for (int school = 1; school <= 2; school++) {
                    String uai = ExtractionGenerator.uai(100 + school).value();
                    schools.add(uai);
                    importSchool(writer, uai, school, 120);
                    assertProjected(jdbc, uai, "right after the import answered");
                }

                // a query process refuses writes and serves reads
                Api.Response refused = reader.post("/api/schools", Map.of("uai", "0170999S", "name", "Refusée"));
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(refused.json().get("type").asText()).endsWith("/wrong-process");
                assertThat(reader.get("/api/schools/" + schools.get(0) + "/accounts").json().size())
                        .isEqualTo(accounts(jdbc, schools.get(0)));
                Api.Response rebuild = writer.post("/api/admin/projections/accounts/rebuild", null);
                assertThat(rebuild.status()).as(rebuild.toString()).isEqualTo(409);

                // kill -9 B while a third school is being imported
                String third = ExtractionGenerator.uai(103).value();
                schools.add(third);
                CompletableFuture<Void> importing = CompletableFuture.runAsync(
                        () -> importSchool(writer, third, 3, 200));
                Thread.sleep(300);
                queryB.destroyForcibly(); // SIGKILL: no shutdown hook, B's claims stay in token_entry
                assertThat(queryB.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(queryB.exitValue()).as("killed by SIGKILL").isEqualTo(137);

                awaitOwners(jdbc, null, queryBLog, "query-a holds every segment of every processor",
                        owners -> PROCESSORS.stream().allMatch(p -> ownedBy(owners, p, Set.of("query-a"))));
                importing.get(60, TimeUnit.SECONDS);
                for (String uai : schools) {
                    assertProjected(jdbc, uai, "after the takeover");
                }
                long head = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class)
                        .single();
                ProjectionPositions positions = queryA.getBean(ProjectionPositions.class);
                for (String processor : PROCESSORS) { // the projector is not behind the read-your-writes fence
                    Eventually.until(processor + " caught up with event " + head + " after the takeover",
                            Duration.ofSeconds(60), () -> positions.shared(processor, head).caughtUp());
                }
                assertThat(jdbc.sql("SELECT count(*) FROM token_entry WHERE owner = 'command'")
                        .query(Long.class).single()).isZero();
            }
        } catch (AssertionError | RuntimeException e) {
            if (Files.exists(queryBLog)) {
                List<String> lines = Files.readAllLines(queryBLog, StandardCharsets.UTF_8);
                System.err.println("--- query-b.log (last lines) ---\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
            }
            throw e;
        } finally {
            if (queryB != null) {
                queryB.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Every read model of a school is exactly what its events say: one account row per AccountCreated,
     * each account's version its number of events, one history row per account event.
     */
    private static void assertProjected(JdbcClient jdbc, String uai, String when) {
        long created = events(jdbc, uai, "%.AccountCreated");
        long accountEvents = events(jdbc, uai, "%.event.Account%");
        assertThat(created).as("events of " + uai).isPositive();
        assertThat(accounts(jdbc, uai)).as("accounts of " + uai + " " + when).isEqualTo(created);
        assertThat(jdbc.sql("SELECT coalesce(sum(version), 0) FROM account WHERE uai = ?").param(uai)
                .query(Long.class).single()).as("sum of versions of " + uai + " " + when).isEqualTo(accountEvents);
        assertThat(jdbc.sql("SELECT count(*) FROM account_change WHERE uai = ?").param(uai).query(Long.class)
                .single()).as("history rows of " + uai + " " + when).isEqualTo(accountEvents);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM account a WHERE a.uai = ?
                AND a.version <> (SELECT count(*) FROM account_change c WHERE c.account_id = a.account_id)""")
                .param(uai).query(Long.class).single()).as("accounts whose history and version differ").isZero();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM account_change c
                LEFT JOIN domain_event_entry d ON d.global_index = c.event_index AND d.event_identifier = c.event_id
                WHERE c.uai = ? AND d.global_index IS NULL""").param(uai).query(Long.class).single())
                .as("history rows that are not an event of the store").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM import_record WHERE uai = ? AND status = 'APPLIED'").param(uai)
                .query(Long.class).single()).as("applied imports of " + uai).isEqualTo(1);
    }

    private static long events(JdbcClient jdbc, String uai, String payloadType) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?")
                .params(uai, payloadType).query(Long.class).single();
    }

    private static long accounts(JdbcClient jdbc, String uai) {
        return jdbc.sql("SELECT count(*) FROM account WHERE uai = ?").param(uai).query(Long.class).single();
    }

    /** Registers the school and applies a generated extraction of about {@code pupils} pupils. */
    private static void importSchool(Api writer, String uai, long seed, int pupils) {
        Api.Response registered = writer.post("/api/schools", Map.of("uai", uai, "name", "École " + uai));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        byte[] file = ExtractionGenerator.write(new ExtractionGenerator(seed).firstYear(pupils, 2026),
                ExtractionGenerator.Style.ONDE, ExtractionGenerator.Encoding.UTF_8_BOM);
        Api.Response planned = writer.upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv", file);
        assertThat(planned.status()).as(planned.toString()).isEqualTo(201);
        Api.Response applied = writer.post("/api/imports/" + planned.json().get("importId").asText() + "/apply",
                Map.of());
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    }

    /** Who owns each processor's segments, in segment order (null: nobody). */
    private static Map<String, List<String>> owners(JdbcClient jdbc) {
        Map<String, List<String>> owners = new TreeMap<>();
        jdbc.sql("SELECT processor_name, segment, owner FROM token_entry ORDER BY processor_name, segment")
                .query(rs -> {
                    owners.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(Optional.ofNullable(rs.getString(3)).orElse("-"));
                });
        return owners;
    }

    private static boolean ownedBy(Map<String, List<String>> owners, String processor, Set<String> nodes) {
        List<String> segments = owners.getOrDefault(processor, List.of());
        return !segments.isEmpty() && nodes.containsAll(segments);
    }

    private static void awaitOwners(JdbcClient jdbc, Process child, Path childLog, String what,
                                    java.util.function.Predicate<Map<String, List<String>>> condition) {
        try {
            Eventually.until(what, Duration.ofSeconds(90), () -> {
                if (child != null && !child.isAlive()) {
                    throw new AssertionError("query-b stopped (exit " + child.exitValue() + "), see " + childLog);
                }
                return condition.test(owners(jdbc));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; token_entry owners: " + owners(jdbc), e);
        }
    }

    private ConfigurableApplicationContext start(EmbeddedDatabase database, String nodeId, String role,
                                                 String... more) {
        List<String> args = new ArrayList<>(arguments(database, nodeId, role));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(IntrascolSyncApplication.class).run(args.toArray(String[]::new));
    }

    /** query-b: the application's own main class in a new JVM, on the test's class path. */
    private Process startJvm(EmbeddedDatabase database, Path log) throws Exception {
        Files.createDirectories(log.getParent());
        String classpath = Optional.ofNullable(System.getProperty("surefire.test.class.path"))
                .orElse(System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", classpath, IntrascolSyncApplication.class.getName()));
        command.addAll(arguments(database, "query-b", "query"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private List<String> arguments(EmbeddedDatabase database, String nodeId, String role) {
        return List.of("--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=" + database.password(),
                "--intrascol.data-dir=" + work.resolve(nodeId),
                "--intrascol.node-id=" + nodeId, "--intrascol.role=" + role,
                "--intrascol.bootstrap.admin-password=" + PASSWORD,
                "--intrascol.secrets.key=" + "c2NhbGUtb3V0LXRlc3Qtc2VjcmV0cy1rZXktMzJieXQ=",
                // every process of one installation has the same master key (docs/operations.md)
                "--intrascol.privacy.master-key=" + "c2NhbGUtb3V0LXRlc3QtbWFzdGVyLWtleS0zMmJ5dGU=",
                "--intrascol.scale.heartbeat-interval=300ms", "--intrascol.scale.node-timeout=2s",
                "--intrascol.scale.release-for=3s", "--axon.eventhandling.tokenstore.claim-timeout=3s",
                "--intrascol.db.pool-size=5", "--spring.main.banner-mode=off");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return Api.at(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")), "admin", PASSWORD);
    }

    static {
        System.setProperty("axoniq.update-checker.disabled", "true");
    }
}
