package fr.intrascol.sync.query.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SQL of the imports read model (table {@code import_record}). */
@Repository
public class ImportRepository {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final JdbcClient jdbc;

    public ImportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insertPlanned(String importId, String uai, String fileName, String sha256, String format,
                              String encoding, String actor, Instant at, ImportPlan plan, List<RowProblem> problems,
                              List<PupilRow> rows) {
        jdbc.sql("""
                INSERT INTO import_record (import_id, uai, file_name, sha256, format, encoding, status, uploaded_by,
                                           uploaded_at, plan, problems, pupil_rows)
                VALUES (?, ?, ?, ?, ?, ?, 'PLANNED', ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb))
                ON CONFLICT (import_id) DO NOTHING""")
                .params(importId, uai, fileName, sha256, format, encoding, actor, Timestamp.from(at), write(plan),
                        write(problems), write(rows))
                .update();
    }

    public void insertRejected(String importId, String uai, String fileName, String sha256, String actor, Instant at,
                               String reason) {
        jdbc.sql("""
                INSERT INTO import_record (import_id, uai, file_name, sha256, status, uploaded_by, uploaded_at, rejection)
                VALUES (?, ?, ?, ?, 'REJECTED', ?, ?, ?)
                ON CONFLICT (import_id) DO NOTHING""")
                .params(importId, uai, fileName, sha256, actor, Timestamp.from(at), reason).update();
    }

    public void markApplied(String importId, String actor, Instant at, List<Integer> excludedLines,
                            ImportSummary summary, RenameDecisions decisions) {
        jdbc.sql("""
                UPDATE import_record SET status = 'APPLIED', applied_by = ?, applied_at = ?,
                                         excluded_lines = CAST(? AS jsonb), applied_summary = CAST(? AS jsonb),
                                         rename_decisions = CAST(? AS jsonb)
                WHERE import_id = ?""")
                .params(actor, Timestamp.from(at), write(excludedLines), write(summary), write(decisions), importId)
                .update();
    }

    public void markRolledBack(String importId, String actor, Instant at, ImportView.Rollback rollback) {
        jdbc.sql("""
                UPDATE import_record SET status = 'ROLLED_BACK', rolled_back_by = ?, rolled_back_at = ?,
                                         rollback = CAST(? AS jsonb)
                WHERE import_id = ?""")
                .params(actor, Timestamp.from(at), write(rollback), importId).update();
    }

    public void markDiscarded(String importId, String actor, Instant at, String reason, String origin) {
        jdbc.sql("""
                UPDATE import_record SET status = 'DISCARDED', discarded_by = ?, discarded_at = ?, discard_reason = ?,
                                         discard_origin = ?
                WHERE import_id = ?""")
                .params(actor, Timestamp.from(at), reason, origin, importId).update();
    }

    /** Plans still waiting that were uploaded before {@code before}, oldest first (counts only). */
    public List<ImportView> plannedBefore(Instant before, int limit) {
        return jdbc.sql("""
                SELECT import_id, uai, file_name, sha256, format, encoding, status, uploaded_by, uploaded_at,
                       applied_by, applied_at, rejection, NULL AS plan, NULL AS problems, NULL AS pupil_rows,
                       excluded_lines, applied_summary, rename_decisions, rolled_back_by, rolled_back_at, rollback,
                       discarded_by, discarded_at, discard_reason, discard_origin
                FROM import_record WHERE status = 'PLANNED' AND uploaded_at < ? ORDER BY uploaded_at LIMIT ?""")
                .params(Timestamp.from(before), limit).query(detailed(false)).list();
    }

    /**
     * Empties the read model before a rebuild. TRUNCATE, not DELETE: deleted rows would stay behind as dead
     * rows and index entries until vacuumed, and the rebuild's inserts would wade through them.
     */
    public void deleteAll() {
        jdbc.sql("TRUNCATE import_record").update();
    }

    public Optional<ImportView> find(String importId) {
        return jdbc.sql("SELECT * FROM import_record WHERE import_id = ?").param(importId)
                .query(detailed(true)).optional();
    }

    public List<ImportView> forSchool(String uai) {
        return jdbc.sql("SELECT * FROM import_record WHERE uai = ? ORDER BY uploaded_at DESC").param(uai)
                .query(detailed(false)).list();
    }

    /**
     * Each school's latest import of each status uploaded since {@code since}, in one query (so that a later
     * refused file does not hide the applied one); the plan, problems and rows are not read (hundreds of
     * schools' plans would be megabytes of JSON for a list that shows statuses).
     */
    public List<ImportView> latestPerSchool(Instant since) {
        return jdbc.sql("""
                SELECT DISTINCT ON (uai, status) import_id, uai, file_name, sha256, format, encoding, status, uploaded_by,
                       uploaded_at, applied_by, applied_at, rejection, NULL AS plan, NULL AS problems,
                       NULL AS pupil_rows, excluded_lines, applied_summary, rename_decisions, rolled_back_by,
                       rolled_back_at, rollback, discarded_by, discarded_at, discard_reason, discard_origin
                FROM import_record WHERE uploaded_at >= ? ORDER BY uai, status, uploaded_at DESC""")
                .param(Timestamp.from(since)).query(detailed(false)).list();
    }

    private static RowMapper<ImportView> detailed(boolean withDetail) {
        return (rs, n) -> new ImportView(rs.getString("import_id"), rs.getString("uai"), rs.getString("file_name"),
                rs.getString("sha256"), rs.getString("format"), rs.getString("encoding"), rs.getString("status"),
                rs.getString("uploaded_by"), instant(rs, "uploaded_at"), rs.getString("applied_by"),
                instant(rs, "applied_at"), rs.getString("rejection"),
                read(rs.getString("plan"), new TypeReference<ImportPlan>() { }, withDetail),
                withDetail ? read(rs.getString("problems"), new TypeReference<List<RowProblem>>() { }, true) : null,
                withDetail ? read(rs.getString("pupil_rows"), new TypeReference<List<PupilRow>>() { }, true) : null,
                read(rs.getString("excluded_lines"), new TypeReference<List<Integer>>() { }, true),
                read(rs.getString("applied_summary"), new TypeReference<ImportSummary>() { }, true),
                read(rs.getString("rename_decisions"), new TypeReference<RenameDecisions>() { }, true),
                rs.getString("rolled_back_by"), instant(rs, "rolled_back_at"),
                read(rs.getString("rollback"), new TypeReference<ImportView.Rollback>() { }, true),
                rs.getString("discarded_by") == null ? null : new ImportView.Discard(rs.getString("discarded_by"),
                        instant(rs, "discarded_at"), rs.getString("discard_reason"), rs.getString("discard_origin")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static <T> T read(String json, TypeReference<T> type, boolean wanted) {
        if (json == null) {
            return null;
        }
        try {
            T value = JSON.readValue(json, type);
            if (!wanted && value instanceof ImportPlan plan) {
                // the list shows the counts, not every change
                @SuppressWarnings("unchecked")
                T summaryOnly = (T) new ImportPlan(plan.revision(), List.of(), List.of(), plan.warnings(),
                        plan.summary(), plan.massDeparture(), plan.olderFile());
                return summaryOnly;
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable import_record column: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
