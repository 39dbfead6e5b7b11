package fr.intrascol.sync.app.privacy.keys;

import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonKeysTest extends IntegrationTest {

    @Autowired
    PersonKeys keys;
    @Autowired
    JdbcPersonKeys jdbcKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MasterKey master;
    @Autowired
    PlatformTransactionManager transactions;

    private static String subject() {
        return "test-" + UUID.randomUUID();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private JdbcPersonKeys fresh(MasterKey key) {
        return new JdbcPersonKeys(jdbc, key); // its own, empty cache: reads what the database holds
    }

    private long rows(String subject) {
        return jdbc.sql("SELECT count(*) FROM person_key WHERE subject = ?").param(subject).query(Long.class).single();
    }

    @Test
    void sealedDataOpensAgainForItsSubjectInTheVersionedFormat() {
        String subject = subject();
        byte[] plaintext = utf8("Élodie Martin, née le 03/04/2015");

        byte[] sealed = keys.seal(subject, plaintext);
        byte[] again = keys.seal(subject, plaintext);

        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(sealed).hasSize(1 + 12 + plaintext.length + 16);
        assertThat(Arrays.copyOfRange(sealed, 13, 13 + plaintext.length)).isNotEqualTo(plaintext);
        assertThat(again).as("a fresh IV each time").isNotEqualTo(sealed);
        assertThat(keys.open(subject, sealed)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
        assertThat(keys.open(subject, again)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
        // from the database, not only from the cache
        assertThat(fresh(master).open(subject, sealed)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
        assertThat(keys.seal(subject, new byte[0])).hasSize(1 + 12 + 16);
        assertThat(rows(subject)).isEqualTo(1);
        assertThat(keys.isDestroyed(subject)).isFalse();
    }

    @Test
    void aCiphertextDoesNotOpenAsAnotherSubject() {
        String alice = subject();
        String bob = subject();
        byte[] sealed = keys.seal(alice, utf8("Alice"));
        keys.seal(bob, utf8("Bob"));

        assertThatThrownBy(() -> keys.open(bob, sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.open(subject(), sealed)).as("unknown subject")
                .isInstanceOf(IllegalStateException.class);
        // the AAD matters, not only the key: Bob's row holding Alice's wrapped key does not unwrap either
        byte[] alicesWrappedKey = jdbc.sql("SELECT wrapped_key FROM person_key WHERE subject = ?").param(alice)
                .query(byte[].class).single();
        byte[] bobsWrappedKey = jdbc.sql("SELECT wrapped_key FROM person_key WHERE subject = ?").param(bob)
                .query(byte[].class).single();
        jdbc.sql("UPDATE person_key SET wrapped_key = ? WHERE subject = ?").params(alicesWrappedKey, bob).update();
        try {
            assertThatThrownBy(() -> fresh(master).open(bob, sealed)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not unwrap");
        } finally {
            // an altered row would stop the rotation tests (rightly: it cannot be rewrapped)
            jdbc.sql("UPDATE person_key SET wrapped_key = ? WHERE subject = ?").params(bobsWrappedKey, bob).update();
        }
    }

    @Test
    void anyFlippedByteIsRefused() {
        String subject = subject();
        byte[] sealed = keys.seal(subject, utf8("date de naissance 2016-09-01"));
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            int at = i;
            assertThatThrownBy(() -> keys.open(subject, tampered)).as("byte %d", at)
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> keys.open(subject, Arrays.copyOf(sealed, sealed.length - 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.open(subject, new byte[5])).isInstanceOf(IllegalStateException.class);
        assertThat(keys.open(subject, sealed)).isPresent();
    }

    @Test
    void aDestroyedKeyLeavesATombstoneAndNothingOpensAnyMore() {
        String erased = subject();
        String kept = subject();
        byte[] erasedData = keys.seal(erased, utf8("Lucas Bernard"));
        byte[] keptData = keys.seal(kept, utf8("Emma Petit"));
        assertThat(keys.open(erased, erasedData)).isPresent(); // cached now

        assertThat(keys.destroy(erased)).isTrue();

        assertThat(keys.open(erased, erasedData)).isEmpty();
        assertThat(fresh(master).open(erased, erasedData)).isEmpty();
        assertThat(keys.isDestroyed(erased)).isTrue();
        Map<String, Object> row = jdbc.sql("SELECT * FROM person_key WHERE subject = ?").param(erased).query().singleRow();
        assertThat(row.get("wrapped_key")).isNull();
        assertThat(row.get("master_key_id")).isNull();
        assertThat(row.get("destroyed_at")).isNotNull();
        assertThat(row.get("created_at")).isNotNull();
        assertThatThrownBy(() -> keys.seal(erased, utf8("again"))).as("no new key for an erased person")
                .isInstanceOf(IllegalStateException.class);
        assertThat(rows(erased)).isEqualTo(1);

        assertThat(keys.isDestroyed(kept)).isFalse();
        assertThat(keys.open(kept, keptData)).hasValueSatisfying(p -> assertThat(p).isEqualTo(utf8("Emma Petit")));
        assertThat(fresh(master).open(kept, keptData)).isPresent();
    }

    @Test
    void destroyIsIdempotentAndTombstonesUnknownSubjects() {
        String subject = subject();
        byte[] sealed = keys.seal(subject, utf8("Jade"));

        assertThat(keys.destroy(subject)).isTrue();
        assertThat(keys.destroy(subject)).isFalse();
        assertThat(fresh(master).destroy(subject)).isFalse();
        assertThat(keys.isDestroyed(subject)).isTrue();
        assertThat(keys.open(subject, sealed)).isEmpty();
        assertThat(rows(subject)).isEqualTo(1);

        String neverSealed = subject();
        assertThat(keys.isDestroyed(neverSealed)).isFalse();
        assertThat(keys.destroy(neverSealed)).isFalse();
        assertThat(keys.isDestroyed(neverSealed)).isTrue();
        assertThatThrownBy(() -> keys.seal(neverSealed, utf8("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eightThreadsSealingForANewSubjectAtOnceShareOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                String subject = subject();
                // in their own transactions half of the time: the losers' inserts wait for the winner's commit
                boolean transactional = round % 2 == 1;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<byte[]>> sealed = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    byte[] plaintext = utf8("thread " + t);
                    sealed.add(pool.submit(() -> {
                        start.await();
                        if (!transactional) {
                            return keys.seal(subject, plaintext);
                        }
                        return new TransactionTemplate(transactions).execute(status -> {
                            byte[] result = keys.seal(subject, plaintext);
                            sleep(20);
                            return result;
                        });
                    }));
                }
                start.countDown();
                JdbcPersonKeys reader = fresh(master); // the stored key, not some thread's cached one
                for (int t = 0; t < 8; t++) {
                    byte[] ciphertext = sealed.get(t).get(30, TimeUnit.SECONDS);
                    assertThat(reader.open(subject, ciphertext).map(p -> new String(p, StandardCharsets.UTF_8)))
                            .as("round %d thread %d", round, t).hasValue("thread " + t);
                }
                assertThat(rows(subject)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aKeyCreatedInARolledBackTransactionIsNotUsedAgain() {
        String subject = subject();
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.executeWithoutResult(status -> {
            byte[] sealed = keys.seal(subject, utf8("rolled back"));
            assertThat(keys.open(subject, sealed)).isPresent(); // within its transaction, it opens
            status.setRollbackOnly();
        });
        assertThat(rows(subject)).isZero();

        byte[] sealed = keys.seal(subject, utf8("committed"));
        assertThat(rows(subject)).as("a new key, not the rolled-back one from a cache").isEqualTo(1);
        assertThat(fresh(master).open(subject, sealed)).hasValueSatisfying(p ->
                assertThat(p).isEqualTo(utf8("committed")));
    }

    @Test
    void anExpiredCacheEntryIsReadAgainSoADestroyElsewhereIsSeen() throws Exception {
        String subject = subject();
        JdbcPersonKeys otherProcess = new JdbcPersonKeys(jdbc, master, List.of(), 100, Duration.ofSeconds(2));
        byte[] sealed = otherProcess.seal(subject, utf8("Noah"));
        assertThat(keys.destroy(subject)).isTrue();
        // still cached over there, for the cache's time to live at most
        assertThat(otherProcess.open(subject, sealed)).isPresent();
        Thread.sleep(2_200);
        assertThat(otherProcess.open(subject, sealed)).isEmpty();
    }

    @Test
    void rotationRewrapsEveryKeySoThatEverythingStillOpensUnderTheNewMasterKeyOnly() {
        Map<String, byte[]> sealed = new LinkedHashMap<>();
        Map<String, String> plaintexts = new LinkedHashMap<>();
        for (int i = 0; i < 2_500; i++) { // several batches
            String subject = subject();
            plaintexts.put(subject, "personne " + i);
            sealed.put(subject, keys.seal(subject, utf8("personne " + i)));
        }
        String erased = subject();
        byte[] erasedData = keys.seal(erased, utf8("effacé"));
        keys.destroy(erased);
        long live = jdbcKeys.count();
        MasterKey next = MasterKey.generate();
        jdbcKeys.accept(next); // the application's own store keeps working through the test
        try {
            long rewrapped = jdbcKeys.rewrapAll(master, next);

            assertThat(rewrapped).isEqualTo(live).isGreaterThanOrEqualTo(2_500);
            assertThat(jdbcKeys.rewrapAll(master, next)).as("nothing left to do on a second run").isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM person_key WHERE master_key_id = ?").param(master.id())
                    .query(Long.class).single()).isZero();
            assertThat(jdbcKeys.countByMasterKey()).containsExactly(Map.entry(next.id(), live));
            JdbcPersonKeys rotated = fresh(next);
            sealed.forEach((subject, data) -> assertThat(rotated.open(subject, data)
                    .map(p -> new String(p, StandardCharsets.UTF_8))).hasValue(plaintexts.get(subject)));
            assertThat(rotated.open(erased, erasedData)).as("a destroyed key stays destroyed").isEmpty();
            String any = sealed.keySet().iterator().next();
            assertThatThrownBy(() -> fresh(master).open(any, sealed.get(any))).as("the old master key no longer fits")
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            jdbcKeys.rewrapAll(next, master);
        }
        assertThat(jdbcKeys.countByMasterKey()).containsOnlyKeys(master.id());
    }

    @Test
    void anInterruptedRotationStillOpensUnderBothKeysAndFinishesWhenRunAgain(@TempDir Path dir) {
        Path keyFile = dir.resolve("master.key");
        MasterKeyLoader.writeAtomically(keyFile, master);
        MasterKey next = MasterKey.generate();
        // the state a crash leaves: master.key.next written, some rows rewrapped (or created) under it
        MasterKeyLoader.writeAtomically(dir.resolve("master.key.next"), next);
        String before = subject();
        byte[] beforeData = keys.seal(before, utf8("sous l'ancienne clé"));
        String after = subject();
        byte[] afterData = fresh(next).seal(after, utf8("sous la nouvelle clé"));
        jdbcKeys.accept(next);
        try {
            MasterKeyLoader.MasterKeys loaded = MasterKeyLoader.load(null, keyFile);
            assertThat(loaded.current()).isEqualTo(master);
            assertThat(loaded.next()).isEqualTo(next);
            assertThat(loaded.wrapping()).isEqualTo(next);
            JdbcPersonKeys restarted = new JdbcPersonKeys(jdbc, loaded.wrapping(), loaded.all(), 100, Duration.ofMinutes(1));
            restarted.verifyMasterKeys();
            assertThat(restarted.open(before, beforeData)).isPresent();
            assertThat(restarted.open(after, afterData)).isPresent();
            assertThatThrownBy(() -> new JdbcPersonKeys(jdbc, master).verifyMasterKeys())
                    .as("a process without the new key refuses to start").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(next.id());

            Path otherKey = dir.resolve("other.key");
            MasterKeyLoader.writeAtomically(otherKey, MasterKey.generate());
            assertThatThrownBy(() -> MasterKeyRotationCli.rotate(restarted, loaded, otherKey, silent()))
                    .as("another key while a rotation is pending").isInstanceOf(IllegalStateException.class);

            MasterKeyRotationCli.Result result = MasterKeyRotationCli.rotate(restarted, loaded, null, silent());

            assertThat(result.newKey()).isEqualTo(next);
            assertThat(MasterKeyLoader.read(keyFile)).isEqualTo(next);
            assertThat(dir.resolve("master.key.next")).doesNotExist();
            assertThat(jdbcKeys.countByMasterKey()).containsOnlyKeys(next.id());
            MasterKeyLoader.MasterKeys reloaded = MasterKeyLoader.load(null, keyFile);
            assertThat(reloaded.all()).containsExactly(next);
            JdbcPersonKeys rotated = fresh(next);
            assertThat(rotated.open(before, beforeData)).hasValueSatisfying(p ->
                    assertThat(p).isEqualTo(utf8("sous l'ancienne clé")));
            assertThat(rotated.open(after, afterData)).isPresent();
        } finally {
            jdbcKeys.rewrapAll(next, master);
        }
    }

    private static PrintStream silent() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void theMasterKeyFileIsCreatedForItsOwnerOnlyAndRefusedWhenOthersMayReadIt(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("data").resolve("master.key");

        MasterKeyLoader.MasterKeys created = MasterKeyLoader.load(null, keyFile);

        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(created.fromProperty()).isFalse();
        assertThat(created.next()).isNull();
        assertThat(created.current().id()).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(MasterKeyLoader.load(null, keyFile).current()).as("read again, not replaced")
                .isEqualTo(created.current());
        assertThat(created.current().toString()).isEqualTo("MasterKey[" + created.current().id() + "]");
        try (var leftovers = Files.list(keyFile.getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("master.key");
        }

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> MasterKeyLoader.load(null, keyFile)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(keyFile.toString()).hasMessageContaining("chmod 600");

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(keyFile, "not a key\n");
        assertThatThrownBy(() -> MasterKeyLoader.load(null, keyFile)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(keyFile.toString());
        Files.writeString(keyFile, java.util.Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> MasterKeyLoader.load(null, keyFile)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16 bytes");
    }

    @Test
    void theConfiguredKeyComesFirstAndNoFileIsCreatedThen(@TempDir Path dir) {
        Path keyFile = dir.resolve("master.key");
        MasterKey configured = MasterKey.generate();

        MasterKeyLoader.MasterKeys loaded = MasterKeyLoader.load(configured.toBase64(), keyFile);

        assertThat(loaded.current()).isEqualTo(configured);
        assertThat(loaded.fromProperty()).isTrue();
        assertThat(keyFile).doesNotExist();
        assertThatThrownBy(() -> MasterKeyLoader.load("c2hvcnQ=", keyFile)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MasterKeyLoader.ENVIRONMENT).hasMessageNotContaining("c2hvcnQ=");
    }

    @Test
    void theRotationCommandReadsItsOptions() {
        assertThat(MasterKeyRotationCli.parse("rotate-master-key")).isNull();
        assertThat(MasterKeyRotationCli.parse("rotate-master-key", "--new-key-file", "k.key")).isEqualTo(Path.of("k.key"));
        assertThat(MasterKeyRotationCli.parse("rotate-master-key", "--new-key-file=k.key", "--intrascol.data-dir=d"))
                .isEqualTo(Path.of("k.key"));
        assertThatThrownBy(() -> MasterKeyRotationCli.parse("rotate-master-key", "--new-key-file"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MasterKeyRotationCli.parse("rotate-master-key", "--force"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
