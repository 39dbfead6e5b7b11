-- A planned import can be discarded (by a person, or by the system once the plan has waited too long):
-- who, when, why and through what (MANUAL or RETENTION). Planned imports past their time are found by
-- status and upload time.
ALTER TABLE import_record ADD COLUMN discarded_by varchar(255);
ALTER TABLE import_record ADD COLUMN discarded_at timestamptz;
ALTER TABLE import_record ADD COLUMN discard_reason text;
ALTER TABLE import_record ADD COLUMN discard_origin varchar(20);
CREATE INDEX import_record_planned ON import_record (uploaded_at) WHERE status = 'PLANNED';
