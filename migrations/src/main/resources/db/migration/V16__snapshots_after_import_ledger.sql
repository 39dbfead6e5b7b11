-- A school's snapshot now keeps its imports (planned, applied, discarded, rolled back, and what each
-- applied import changed) nested in an import ledger of its own, where snapshots of earlier versions
-- kept them at the school's top level. Such a snapshot would load as a school without any import: it
-- could no longer refuse applying an import twice nor roll one back. Snapshots are a cache: they all go,
-- each school is rebuilt from its events when next loaded, and a new snapshot is taken in the new shape.
-- The events themselves are not touched.
DELETE FROM snapshot_event_entry;
