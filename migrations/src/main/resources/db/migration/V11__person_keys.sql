-- Crypto-shredding, the GDPR erasure of (mostly minor) persons: the personal data in events is
-- encrypted under a data key of its own per person (the subject), so that erasing the person is
-- destroying that key rather than rewriting the append-only history, and every copy of the events
-- (archives, exports) becomes unreadable at once. A data key is stored wrapped (AES-256-GCM, the
-- subject as associated data) by the master key, which lives outside the database (master.key or
-- INTRASCOL_PRIVACY_MASTERKEY), so a dump alone reveals no personal data; master_key_id (the first
-- 16 hex digits of the master key's SHA-256) says which master key wrapped it, so that a master key
-- rotation can be resumed after a crash. An erased person keeps a tombstone: no key bytes, destroyed_at
-- set; it proves the erasure and refuses any new key for that subject. See JdbcPersonKeys.
CREATE TABLE person_key (
    subject       VARCHAR(64) PRIMARY KEY,
    wrapped_key   BYTEA,
    master_key_id VARCHAR(16),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    destroyed_at  TIMESTAMPTZ,
    -- a row is a live key (its bytes and the master key that wrapped them) or a tombstone, never both
    CONSTRAINT person_key_live_or_tombstone CHECK (
        (wrapped_key IS NOT NULL AND master_key_id IS NOT NULL AND destroyed_at IS NULL)
        OR (wrapped_key IS NULL AND master_key_id IS NULL AND destroyed_at IS NOT NULL))
);
-- a rotation rewraps the keys of one master key a batch at a time; the start-up check counts them
CREATE INDEX person_key_master_key ON person_key (master_key_id, subject);
