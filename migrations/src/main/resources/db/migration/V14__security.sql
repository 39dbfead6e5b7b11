-- Security hardening (docs/decisions.md 97): session revocation, forced password change, API tokens,
-- the audit of user administration and the record of failed sign-ins.

-- bumped on every change of what a user may do (enabled, roles, schools, password): an open web session
-- whose user has another version is ended at its next request
ALTER TABLE app_user ADD COLUMN security_version BIGINT NOT NULL DEFAULT 0;
-- set when an administrator creates the user or sets their password: they must choose their own
ALTER TABLE app_user ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- API tokens for scripts: only the SHA-256 of the token is kept (the token is shown once)
CREATE TABLE api_token (
    token_id     VARCHAR(36)  PRIMARY KEY,
    username     VARCHAR(64)  NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    label        VARCHAR(100) NOT NULL,
    token_hash   CHAR(64)     NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_by   VARCHAR(64)  NOT NULL,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_token_username ON api_token (username);

-- who created, disabled, re-enabled whom, changed roles or schools, reset a password, issued or revoked
-- a token (never a password nor a token)
CREATE TABLE user_admin_audit (
    id      BIGSERIAL    PRIMARY KEY,
    at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor   VARCHAR(64)  NOT NULL,
    action  VARCHAR(40)  NOT NULL,
    target  VARCHAR(64)  NOT NULL,
    details JSONB        NOT NULL DEFAULT '{}'
);
CREATE INDEX user_admin_audit_target ON user_admin_audit (target, at);
CREATE INDEX user_admin_audit_actor ON user_admin_audit (actor, at);

-- failed sign-ins (FAILED) and refused attempts while throttled (THROTTLED); never the password.
-- The user name is what the client typed (cut to 64 characters), not necessarily an existing user.
CREATE TABLE sign_in_failure (
    id             BIGSERIAL   PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    username       VARCHAR(64),
    client_address VARCHAR(64) NOT NULL,
    channel        VARCHAR(10) NOT NULL,   -- API (HTTP Basic) or PAGE (sign-in form)
    outcome        VARCHAR(10) NOT NULL    -- FAILED or THROTTLED
);
CREATE INDEX sign_in_failure_at ON sign_in_failure (at);
