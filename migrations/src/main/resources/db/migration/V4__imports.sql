-- imports projection: every uploaded extraction, its plan, and what became of it
CREATE TABLE import_record (
    import_id      VARCHAR(64)  PRIMARY KEY,
    uai            VARCHAR(8)   NOT NULL,
    file_name      VARCHAR(255) NOT NULL,
    sha256         CHAR(64)     NOT NULL,
    format         VARCHAR(16),
    encoding       VARCHAR(32),
    status         VARCHAR(16)  NOT NULL,   -- PLANNED, APPLIED, REJECTED, ROLLED_BACK
    uploaded_by    VARCHAR(255) NOT NULL,
    uploaded_at    TIMESTAMPTZ  NOT NULL,
    applied_by     VARCHAR(255),
    applied_at     TIMESTAMPTZ,
    rejection      TEXT,
    plan           JSONB,
    problems       JSONB,
    pupil_rows     JSONB,
    excluded_lines JSONB,
    applied_summary JSONB,
    rename_decisions JSONB,
    rolled_back_by  VARCHAR(255),
    rolled_back_at  TIMESTAMPTZ,
    rollback        JSONB          -- {compensated, conflicts, forced, reason}
);
CREATE INDEX import_record_school ON import_record (uai, uploaded_at DESC);
