package fr.intrascol.sync.app.axon;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.util.List;

/**
 * The SQL of scale-out: the heartbeats of the processes that run event processors
 * ({@code processing_node}), and what {@code token_entry} says about each processor's segments. Every
 * time is the database's clock, so that processes on machines whose clocks differ agree.
 */
@Repository
public class ProcessingNodes {

    private final JdbcClient jdbc;

    public ProcessingNodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Says that {@code nodeId} is alive now. */
    public void heartbeat(String nodeId, NodeRole role) {
        jdbc.sql("""
                INSERT INTO processing_node (node_id, role, started_at, heartbeat_at) VALUES (?, ?, now(), now())
                ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now(), role = excluded.role""")
                .params(nodeId, role.property()).update();
    }

    /** How many processes heartbeated within {@code timeout} (at least 1: the caller counts itself). */
    public int live(Duration timeout) {
        Integer live = jdbc.sql("SELECT count(*) FROM processing_node WHERE heartbeat_at > now() - ?::interval")
                .param(timeout.toMillis() + " milliseconds").query(Integer.class).single();
        return Math.max(1, live == null ? 0 : live);
    }

    /** Forgets the nodes silent for longer than {@code retention}, and the one stopping. */
    public void forgetSilent(Duration retention) {
        jdbc.sql("DELETE FROM processing_node WHERE heartbeat_at < now() - ?::interval")
                .param(retention.toMillis() + " milliseconds").update();
    }

    public void remove(String nodeId) {
        jdbc.sql("DELETE FROM processing_node WHERE node_id = ?").param(nodeId).update();
    }

    /** How many segments a processor has (0 until its first process has initialized them). */
    public int segments(String processorName) {
        Integer count = jdbc.sql("SELECT count(*) FROM token_entry WHERE processor_name = ?").param(processorName)
                .query(Integer.class).single();
        return count == null ? 0 : count;
    }

    /** One row of token_entry: a segment, its serialized token, and who claims it (null: nobody). */
    public record TokenRow(int segment, byte[] token, String tokenType, String owner) {
    }

    public List<TokenRow> tokens(String processorName) {
        return jdbc.sql("""
                SELECT segment, token, token_type, owner FROM token_entry WHERE processor_name = ?
                ORDER BY segment""").param(processorName)
                .query((rs, i) -> new TokenRow(rs.getInt("segment"), rs.getBytes("token"), rs.getString("token_type"),
                        rs.getString("owner")))
                .list();
    }
}
