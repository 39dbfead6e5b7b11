-- intrascol-projector: how many entries the last replay or repair wrote on the school's server (added,
-- modified and deleted), so that the server page says what it did rather than only the pushes that followed
-- events (none, after a repair that wrote a hundred entries). NULL: replayed before this was recorded.
ALTER TABLE directory_school ADD COLUMN last_replay_writes INTEGER;
