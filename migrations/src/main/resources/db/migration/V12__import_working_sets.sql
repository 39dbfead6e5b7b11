-- The command side's working data of planned imports: the uploaded rows, their problems and the plan as
-- previewed. Needed to review and apply a plan, not history: written in the same transaction as the
-- plan's ImportPlanned event (which holds no personal data), deleted once the plan is applied or
-- discarded; a plan not applied within intrascol.import.plan-expires-after is discarded by the
-- retention job, which deletes its row. Clear personal data lives here for at most that long.
CREATE TABLE import_working_set (
    import_id  varchar(64)  PRIMARY KEY,
    uai        varchar(8)   NOT NULL,
    rows       jsonb        NOT NULL,
    problems   jsonb        NOT NULL,
    plan       jsonb        NULL,
    created_at timestamptz  NOT NULL
);
CREATE INDEX import_working_set_created ON import_working_set (created_at);
