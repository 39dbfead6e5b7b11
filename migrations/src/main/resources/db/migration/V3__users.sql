-- Who may use the application: not domain history but access control, so a plain table
-- (see docs/decisions.md). Passwords are BCrypt hashes.
CREATE TABLE app_user (
    username      VARCHAR(64)  PRIMARY KEY,
    password_hash VARCHAR(100) NOT NULL,
    roles         VARCHAR(64)  NOT NULL,   -- comma-separated: ADMIN, DIRECTOR, INSPECTOR
    enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_by    VARCHAR(64)  NOT NULL
);

CREATE TABLE app_user_school (
    username VARCHAR(64) NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    uai      VARCHAR(8)  NOT NULL,
    PRIMARY KEY (username, uai)
);
