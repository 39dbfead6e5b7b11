-- accounts projection, temporal part: every state each account has had, with its validity interval
-- [valid_from, valid_to). "The accounts as they were at t" is one indexed range query, however long
-- the history (see docs/decisions.md).
CREATE TABLE account_version (
    account_id  UUID         NOT NULL,
    uai         VARCHAR(8)   NOT NULL,
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
    valid_from  TIMESTAMPTZ  NOT NULL,
    valid_to    TIMESTAMPTZ,
    PRIMARY KEY (account_id, version)
);
CREATE INDEX account_version_school_time ON account_version (uai, valid_from, valid_to);
