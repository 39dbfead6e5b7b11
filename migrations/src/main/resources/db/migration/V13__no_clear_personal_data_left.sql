-- Personal values are sealed per person from this version on (docs/privacy.md). What earlier versions
-- left in clear outside the events goes:
-- * snapshots are a cache: they are made again, sealed, when next needed;
-- * the imports read model kept every uploaded row, the row problems and the whole plan (names in its
--   changes and warnings): only the counts and flags stay, as they do for imports planned from now on.
-- The events of an earlier version still hold their values in clear until the store is moved through an
-- archive (export, then import into a new data folder), which seals them (docs/privacy.md).
DELETE FROM snapshot_event_entry;
UPDATE import_record
   SET pupil_rows = NULL,
       problems = NULL,
       plan = jsonb_build_object('revision', plan -> 'revision', 'changes', '[]'::jsonb,
                                 'probableRenames', '[]'::jsonb, 'warnings', '[]'::jsonb,
                                 'summary', plan -> 'summary', 'massDeparture', plan -> 'massDeparture',
                                 'olderFile', coalesce(plan -> 'olderFile', 'false'::jsonb))
 WHERE plan IS NOT NULL AND (pupil_rows IS NOT NULL OR jsonb_array_length(plan -> 'changes') > 0);
