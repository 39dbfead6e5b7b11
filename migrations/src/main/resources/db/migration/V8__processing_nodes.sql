-- Scale-out: the processes that run event processors (intrascol.role all or query) say here, every
-- few seconds, that they are alive. Each one counts the live ones to know its fair share of every
-- processor's segments (ceil(segments / live nodes)) and releases the segments it holds beyond it, so
-- that the others claim them in token_entry. Not history: a process removes its row when it stops,
-- and a row whose heartbeat is older than the node timeout is ignored (and eventually deleted).
CREATE TABLE processing_node (
    node_id      VARCHAR(255) PRIMARY KEY,   -- the owner it writes in token_entry
    role         VARCHAR(16)  NOT NULL CHECK (role IN ('all', 'query')),
    started_at   TIMESTAMPTZ  NOT NULL,
    heartbeat_at TIMESTAMPTZ  NOT NULL       -- the database's clock, never the node's
);
