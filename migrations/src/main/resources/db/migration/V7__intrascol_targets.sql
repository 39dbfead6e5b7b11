-- The IntraScol projector: where each school's server is, what the projector believes each server
-- should hold, and how far each school's pushes have gone.

-- configuration, written through PUT /api/schools/{uai}/target (not an event: it holds a secret, and it
-- describes a server, not an account); the bind password only ever as AES-GCM ciphertext
CREATE TABLE school_target (
    uai             VARCHAR(8)   PRIMARY KEY,
    type            VARCHAR(8)   NOT NULL CHECK (type IN ('LDAP', 'FILE')),
    url             VARCHAR(500),
    bind_dn         VARCHAR(500),
    password_cipher BYTEA,
    base_dn         VARCHAR(500),
    start_tls       BOOLEAN      NOT NULL DEFAULT FALSE,
    ca_certificate  TEXT,
    directory       VARCHAR(1000),
    mapping         JSONB        NOT NULL DEFAULT '{}',
    updated_at      TIMESTAMPTZ  NOT NULL,
    updated_by      VARCHAR(100) NOT NULL
);

-- intrascol-projector: the state each account must have on its school's server, as of the last event
-- of that school pushed successfully (rebuilt from the event store on a reset)
CREATE TABLE directory_account (
    account_id    UUID         PRIMARY KEY,
    uai           VARCHAR(8)   NOT NULL,
    login         VARCHAR(64)  NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    last_name     VARCHAR(100) NOT NULL,
    usage_name    VARCHAR(100),
    first_name    VARCHAR(100) NOT NULL,
    class_group   VARCHAR(100),
    level         VARCHAR(8),
    status        VARCHAR(16)  NOT NULL,
    password_hash VARCHAR(200) NOT NULL
);
CREATE INDEX directory_account_uai ON directory_account (uai);

-- intrascol-projector: per school, the last event handled (its sequence number in the school's
-- stream), the last successful push and the last replay (failures are read from dead_letter_entry)
CREATE TABLE directory_school (
    uai             VARCHAR(8)    PRIMARY KEY,
    last_sequence   BIGINT        NOT NULL,
    last_push_at    TIMESTAMPTZ,
    pushes          BIGINT        NOT NULL DEFAULT 0,
    last_replay_at  TIMESTAMPTZ,
    last_replay_by  VARCHAR(100)
);
