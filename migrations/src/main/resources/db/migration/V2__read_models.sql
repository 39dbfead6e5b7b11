-- Read models of the query side. Each table belongs to one projection, which alone writes it and
-- which rebuilds it from the event store on a reset.

-- accounts projection: schools and their current accounts
CREATE TABLE school (
    uai              VARCHAR(8)   PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    login_max_length INTEGER      NOT NULL,
    registered_at    TIMESTAMPTZ  NOT NULL
);

CREATE TABLE account (
    account_id  UUID         PRIMARY KEY,
    uai         VARCHAR(8)   NOT NULL REFERENCES school (uai),
    role        VARCHAR(16)  NOT NULL,
    last_name   VARCHAR(100) NOT NULL,
    usage_name  VARCHAR(100),
    first_name  VARCHAR(100) NOT NULL,
    birth_date  DATE,
    ine         VARCHAR(11),
    login       VARCHAR(64)  NOT NULL,
    class_group VARCHAR(100),
    level       VARCHAR(8),
    status      VARCHAR(16)  NOT NULL,
    version     BIGINT       NOT NULL,
    -- global index of the last event applied: a re-delivered event is recognised and skipped
    last_event  BIGINT       NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);
-- a login names one open account of a school; an account closed by a rollback frees its login
CREATE UNIQUE INDEX account_login_unique ON account (uai, login) WHERE status <> 'ERASED';
CREATE INDEX account_uai ON account (uai);

-- history projection: one row per account event, field-level changes as JSON
CREATE TABLE account_change (
    event_index    BIGINT       PRIMARY KEY,   -- the event's global index in the event store
    event_id       VARCHAR(255) NOT NULL UNIQUE,
    at             TIMESTAMPTZ  NOT NULL,
    uai            VARCHAR(8)   NOT NULL,
    account_id     UUID         NOT NULL,
    actor          VARCHAR(255) NOT NULL,
    origin         VARCHAR(16)  NOT NULL,
    import_id      VARCHAR(64),
    reason         VARCHAR(500),
    correlation_id VARCHAR(255),
    type           VARCHAR(64)  NOT NULL,
    changes        JSONB        NOT NULL
);
CREATE INDEX account_change_account ON account_change (account_id, event_index);
CREATE INDEX account_change_school_at ON account_change (uai, at);
CREATE INDEX account_change_actor_at ON account_change (actor, at);
CREATE INDEX account_change_import ON account_change (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX account_change_at ON account_change (at);
