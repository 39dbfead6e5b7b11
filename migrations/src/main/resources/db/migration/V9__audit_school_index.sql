-- The audit log of a school is read newest first (ORDER BY event_index DESC LIMIT …): an index on
-- (uai, event_index) gives a page without sorting the school's whole log. It replaces (uai, at):
-- a school's entries between two dates are found by scanning that school's entries, a few thousand
-- a year, so the table keeps the same number of indexes to maintain on every write.
DROP INDEX account_change_school_at;
CREATE INDEX account_change_school ON account_change (uai, event_index);
