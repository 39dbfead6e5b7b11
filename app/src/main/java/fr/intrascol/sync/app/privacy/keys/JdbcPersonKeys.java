package fr.intrascol.sync.app.privacy.keys;

import fr.intrascol.sync.app.IntrascolProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * {@link PersonKeys} in {@code person_key} (V11): one row per subject, its AES-256 data key wrapped by the
 * {@link MasterKey} (AES-GCM, the subject as associated data, so a row copied to another subject does not
 * unwrap), with the id of that master key; a destroyed key leaves a tombstone (no key bytes,
 * {@code destroyed_at} set), and a tombstoned subject never gets a key again ({@link #seal} refuses).
 *
 * <p><b>Transactions.</b> Every statement goes through the {@link JdbcClient}, so it joins the caller's
 * Spring transaction: a key is created atomically with the events that use it, and disappears with them
 * on a rollback. Creating a key is one {@code INSERT ... ON CONFLICT (subject) DO NOTHING}; when another
 * thread or process created it first (0 rows), the row is read back, so concurrent first uses of one
 * subject all end up with the one stored key.
 *
 * <p><b>Cache.</b> Unwrapped keys stay in memory (LRU, {@code intrascol.privacy.key-cache-size}, 50,000 by
 * default), so sealing or opening with a cached key runs no SQL. A key read or created inside a
 * transaction enters the cache only once that transaction has committed (until then it is kept for that
 * transaction alone): a rolled-back key must not be used again. {@link #destroy} evicts the key, and a
 * load that was under way while a key was destroyed in this process is not cached. Another process does
 * not hear of a destroy: each entry expires {@code intrascol.privacy.key-cache-ttl} (5 minutes by
 * default) after it was read from the database, which bounds how long another process may still open
 * (or seal with) a key erased elsewhere; whatever it seals meanwhile is unreadable afterwards.
 *
 * <p><b>Start-up check.</b> Once the context is up, the keys' master key ids are counted: rows wrapped by
 * a master key this process does not have refuse the start (another process's key, or an environment
 * secret not updated after a rotation), rather than failing person by person later.
 *
 * <p><b>Rotation.</b> {@link #rewrapAll} rewraps the keys of one master key with another, 1,000 rows per
 * statement, each statement its own transaction when the caller has none; a row already rewrapped, or
 * destroyed meanwhile, is left alone (the update re-checks its master key id and its key bytes), so a run
 * cut short can be resumed and never brings a destroyed key back. See {@link MasterKeyRotationCli}.
 */
@Component
public class JdbcPersonKeys implements PersonKeys, SmartInitializingSingleton {

    static final int DEFAULT_CACHE_SIZE = 50_000;
    static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    static final int BATCH = 1_000;
    private static final int MAX_SUBJECT_LENGTH = 64;

    private final JdbcClient jdbc;
    private volatile MasterKey wrapping;
    /** Every master key that may unwrap a row, by id. */
    private final Map<String, MasterKey> unwrapping = new ConcurrentHashMap<>();
    private final KeyCache cache;
    /** For the start-up check's message. */
    private final String origin;

    /** A store whose data keys are wrapped by {@code master} (and only open when wrapped by it). */
    public JdbcPersonKeys(JdbcClient jdbc, MasterKey master) {
        this(jdbc, master, List.of(), DEFAULT_CACHE_SIZE, DEFAULT_CACHE_TTL);
    }

    /**
     * @param wrapping     wraps new data keys, and unwraps
     * @param alsoAccepted other master keys that unwrap rows they wrapped (an interrupted rotation's)
     * @param cacheSize    unwrapped keys kept in memory at most
     * @param cacheTtl     how long an unwrapped key stays in memory after it was read from the database
     */
    public JdbcPersonKeys(JdbcClient jdbc, MasterKey wrapping, Collection<MasterKey> alsoAccepted, int cacheSize,
                          Duration cacheTtl) {
        this(jdbc, wrapping, alsoAccepted, cacheSize, cacheTtl, "master key " + wrapping.id());
    }

    @Autowired
    public JdbcPersonKeys(JdbcClient jdbc, MasterKeyLoader.MasterKeys keys,
                          IntrascolProperties properties) {
        this(jdbc, keys.wrapping(), keys.all(), properties.privacy().keyCacheSize(), properties.privacy().keyCacheTtl(),
                describe(keys));
    }

    private JdbcPersonKeys(JdbcClient jdbc, MasterKey wrapping, Collection<MasterKey> alsoAccepted, int cacheSize,
                           Duration cacheTtl, String origin) {
        if (cacheSize < 0 || cacheTtl.isNegative()) {
            throw new IllegalArgumentException("The key cache's size and time to live cannot be negative");
        }
        this.jdbc = jdbc;
        this.wrapping = wrapping;
        this.unwrapping.put(wrapping.id(), wrapping);
        alsoAccepted.forEach(key -> unwrapping.put(key.id(), key));
        this.cache = new KeyCache(cacheSize, cacheTtl.toNanos());
        this.origin = origin;
    }

    private static String describe(MasterKeyLoader.MasterKeys keys) {
        String described = "master key " + keys.current().id() + " from " + keys.source();
        return keys.next() == null ? described
                : described + " and master key " + keys.next().id() + " from " + keys.nextFile();
    }

    // --- PersonKeys -----------------------------------------------------------------------------------

    @Override
    public byte[] seal(String subject, byte[] plaintext) {
        checkSubject(subject);
        Objects.requireNonNull(plaintext, "plaintext");
        SecretKey key = dataKey(subject, true);
        return MasterKey.encrypt(key, subject, plaintext);
    }

    @Override
    public Optional<byte[]> open(String subject, byte[] sealed) {
        checkSubject(subject);
        Objects.requireNonNull(sealed, "sealed");
        SecretKey key = dataKey(subject, false);
        return key == null ? Optional.empty() : Optional.of(MasterKey.decrypt(key, subject, sealed));
    }

    @Override
    public boolean destroy(String subject) {
        checkSubject(subject);
        forget(subject);
        boolean existed = destroyRow(subject);
        forget(subject); // a load that raced with the statement above
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // until this transaction commits, other threads still read the key; forget it again then
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.evict(subject);
                }
            });
        }
        return existed;
    }

    private boolean destroyRow(String subject) {
        String shred = """
                UPDATE person_key SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = now()
                WHERE subject = ? AND wrapped_key IS NOT NULL""";
        if (jdbc.sql(shred).param(subject).update() == 1) {
            return true;
        }
        // no key: leave a tombstone, so that no key is created for this subject any more
        int tombstone = jdbc.sql("""
                INSERT INTO person_key (subject, destroyed_at) VALUES (?, now())
                ON CONFLICT (subject) DO NOTHING""").param(subject).update();
        if (tombstone == 1) {
            return false;
        }
        // a tombstone already, or a key that another transaction committed meanwhile (the insert waited for it)
        return jdbc.sql(shred).param(subject).update() == 1;
    }

    @Override
    public boolean isDestroyed(String subject) {
        checkSubject(subject);
        return jdbc.sql("SELECT destroyed_at IS NOT NULL FROM person_key WHERE subject = ?").param(subject)
                .query(Boolean.class).optional().orElse(false);
    }

    // --- operations -----------------------------------------------------------------------------------

    /** How many live data keys there are (tombstones not counted). */
    public long count() {
        Long count = jdbc.sql("SELECT count(*) FROM person_key WHERE wrapped_key IS NOT NULL").query(Long.class)
                .single();
        return count == null ? 0 : count;
    }

    /** Live data keys by the id of the master key that wraps them. */
    public Map<String, Long> countByMasterKey() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql("""
                SELECT master_key_id, count(*) AS keys FROM person_key WHERE wrapped_key IS NOT NULL
                GROUP BY master_key_id""")
                .query(rs -> {
                    counts.put(rs.getString("master_key_id"), rs.getLong("keys"));
                });
        return counts;
    }

    /**
     * Rewraps every data key wrapped by {@code from} with {@code to}, 1,000 rows per statement, and answers how
     * many it rewrapped. Rows already wrapped by {@code to} (a run cut short) and destroyed keys are left
     * alone. Run inside a transaction it is that transaction's; otherwise each batch commits on its own.
     */
    public long rewrapAll(MasterKey from, MasterKey to) {
        if (from.equals(to)) {
            return 0;
        }
        long rewrapped = 0;
        while (true) {
            List<Object[]> rows = jdbc.sql("""
                    SELECT subject, wrapped_key FROM person_key
                    WHERE master_key_id = ? AND wrapped_key IS NOT NULL ORDER BY subject LIMIT ?""")
                    .params(from.id(), BATCH)
                    .query((rs, i) -> new Object[]{rs.getString(1), rs.getBytes(2)})
                    .list();
            if (rows.isEmpty()) {
                return rewrapped;
            }
            List<Object> params = new ArrayList<>(2 + 2 * rows.size());
            params.add(to.id());
            StringBuilder values = new StringBuilder();
            for (Object[] row : rows) {
                String subject = (String) row[0];
                SecretKey key;
                try {
                    key = from.unwrap(subject, (byte[]) row[1]);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(e.getMessage() + ": rewrapped so far " + rewrapped + "; restore"
                            + " that row from a backup, or destroy that subject's key (its data cannot be read"
                            + " anyway), then run again", e);
                }
                params.add(subject);
                params.add(to.wrap(subject, key));
                values.append(values.isEmpty() ? "" : ", ").append("(?, ?::bytea)");
            }
            params.add(from.id());
            rewrapped += jdbc.sql("UPDATE person_key p SET wrapped_key = v.k, master_key_id = ? FROM (VALUES "
                            + values + ") AS v (s, k) WHERE p.subject = v.s AND p.master_key_id = ?"
                            + " AND p.wrapped_key IS NOT NULL")
                    .params(params).update();
        }
    }

    /**
     * From now on, new data keys are wrapped by {@code key}, which also unwraps (the keys of the current
     * master key still do too): what a rotation does before rewrapping.
     */
    public void useMasterKey(MasterKey key) {
        accept(key);
        wrapping = key;
    }

    /** Rows wrapped by {@code key} open too. */
    public void accept(MasterKey key) {
        unwrapping.putIfAbsent(key.id(), key);
    }

    /** The master key that wraps new data keys. */
    public MasterKey wrappingKey() {
        return wrapping;
    }

    /** Refuses to start when some rows are wrapped by a master key this process does not have. */
    @Override
    public void afterSingletonsInstantiated() {
        verifyMasterKeys();
    }

    public void verifyMasterKeys() {
        Map<String, Long> unknown = countByMasterKey().entrySet().stream()
                .filter(e -> !unwrapping.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, TreeMap::new));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(unknown.values().stream().mapToLong(Long::longValue).sum()
                    + " person keys are wrapped by master key(s) " + unknown.keySet() + " but this process has "
                    + origin + ". Every process of one installation needs the same master key (the secret "
                    + MasterKeyLoader.ENVIRONMENT + " or the same key file); after rotate-master-key with the key "
                    + "in " + MasterKeyLoader.ENVIRONMENT + ", set it to the new key the rotation wrote to its key "
                    + "file. Do not generate a new key: the data of these persons would be unreadable.");
        }
    }

    // --- keys -------------------------------------------------------------------------------------------

    private static void checkSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("A subject is 1 to " + MAX_SUBJECT_LENGTH + " characters");
        }
    }

    /**
     * The subject's data key: from this transaction's keys, the cache, or the database. {@code create}: a
     * key is created when the subject has none (IllegalStateException when it was destroyed); otherwise null
     * when it was destroyed, IllegalStateException when there is none.
     */
    private SecretKey dataKey(String subject, boolean create) {
        Map<String, SecretKey> pending = transactionKeys(false);
        SecretKey key = pending != null ? pending.get(subject) : null;
        if (key == null) {
            key = cache.get(subject);
        }
        if (key != null) {
            return key;
        }
        long epoch = cache.epoch();
        if (create) {
            SecretKey fresh = MasterKey.newDataKey();
            MasterKey master = wrapping;
            int inserted = jdbc.sql("""
                    INSERT INTO person_key (subject, wrapped_key, master_key_id) VALUES (?, ?, ?)
                    ON CONFLICT (subject) DO NOTHING""")
                    .params(subject, master.wrap(subject, fresh), master.id()).update();
            if (inserted == 1) {
                remember(subject, fresh, epoch);
                return fresh;
            }
        }
        // created by someone else (a concurrent first use: the insert above waited for it), or an existing key
        StoredKey stored = jdbc.sql("SELECT wrapped_key, master_key_id FROM person_key WHERE subject = ?")
                .param(subject)
                .query((rs, i) -> new StoredKey(rs.getBytes(1), rs.getString(2)))
                .optional()
                .orElseThrow(() -> new IllegalStateException("No key for subject " + subject
                        + (create ? " (removed while it was being created)" : ": nothing was sealed for it")));
        if (stored.wrappedKey() == null) {
            if (create) {
                throw new IllegalStateException("Subject " + subject + " was erased: nothing can be sealed for it");
            }
            return null;
        }
        MasterKey master = unwrapping.get(stored.masterKeyId());
        if (master == null) {
            throw new IllegalStateException("The key of subject " + subject + " is wrapped by master key "
                    + stored.masterKeyId() + ", which this process does not have (it has " + unwrapping.keySet()
                    + ")");
        }
        key = master.unwrap(subject, stored.wrappedKey());
        remember(subject, key, epoch);
        return key;
    }

    private record StoredKey(byte[] wrappedKey, String masterKeyId) {
    }

    /**
     * Caches a key loaded at {@code epoch}: at once outside a transaction, after its commit inside one (until
     * then for that transaction only).
     */
    private void remember(String subject, SecretKey key, long epoch) {
        Map<String, SecretKey> pending = transactionKeys(true);
        if (pending != null) {
            pending.put(subject, key);
        } else {
            cache.put(subject, key, epoch);
        }
    }

    private void forget(String subject) {
        cache.evict(subject);
        Map<String, SecretKey> pending = transactionKeys(false);
        if (pending != null) {
            pending.remove(subject);
        }
    }

    /**
     * The keys read or created in the current transaction, not cached before it commits; null outside a
     * transaction (or when none was kept yet and {@code bind} is false).
     */
    @SuppressWarnings("unchecked")
    private Map<String, SecretKey> transactionKeys(boolean bind) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        TransactionKeys keys = (TransactionKeys) TransactionSynchronizationManager.getResource(this);
        if (keys == null && bind) {
            TransactionKeys created = new TransactionKeys(cache.epoch());
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    // an inner REQUIRES_NEW transaction must not see (nor add to) this one's keys
                    TransactionSynchronizationManager.unbindResourceIfPossible(JdbcPersonKeys.this);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(JdbcPersonKeys.this, created);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(JdbcPersonKeys.this);
                    if (status == STATUS_COMMITTED) {
                        cache.putAll(created.keys, created.epoch);
                    }
                }
            });
            keys = created;
        }
        return keys == null ? null : keys.keys;
    }

    /** A transaction's own keys, and the cache epoch when the first was loaded. */
    private record TransactionKeys(long epoch, Map<String, SecretKey> keys) {
        TransactionKeys(long epoch) {
            this(epoch, new HashMap<>());
        }
    }

    /**
     * Unwrapped keys, least recently used out first, each for {@code ttl} after it was read. The epoch counts
     * the evictions: a key loaded before an eviction (a destroy, perhaps of that very subject) is not
     * cached, since it may be the destroyed one. Destroys are rare, so little is lost that way.
     */
    private static final class KeyCache {

        private record Entry(SecretKey key, long loadedAt) {
        }

        private final int capacity;
        private final long ttlNanos;
        private final LinkedHashMap<String, Entry> entries;
        private long epoch;

        KeyCache(int capacity, long ttlNanos) {
            this.capacity = capacity;
            this.ttlNanos = ttlNanos;
            this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > KeyCache.this.capacity;
                }
            };
        }

        synchronized SecretKey get(String subject) {
            Entry entry = entries.get(subject);
            if (entry == null) {
                return null;
            }
            if (System.nanoTime() - entry.loadedAt() > ttlNanos) {
                entries.remove(subject);
                return null;
            }
            return entry.key();
        }

        synchronized long epoch() {
            return epoch;
        }

        synchronized void put(String subject, SecretKey key, long loadedInEpoch) {
            if (loadedInEpoch == epoch && capacity > 0) {
                entries.put(subject, new Entry(key, System.nanoTime()));
            }
        }

        synchronized void putAll(Map<String, SecretKey> keys, long loadedInEpoch) {
            if (loadedInEpoch == epoch && capacity > 0) {
                long now = System.nanoTime();
                keys.forEach((subject, key) -> entries.put(subject, new Entry(key, now)));
            }
        }

        synchronized void evict(String subject) {
            entries.remove(subject);
            epoch++;
        }
    }
}
