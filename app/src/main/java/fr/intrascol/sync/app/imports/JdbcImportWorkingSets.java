package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fr.intrascol.sync.command.imports.ImportWorkingSets;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/** The working sets of planned imports, in table {@code import_working_set} (V12), as JSON. */
@Component
public class JdbcImportWorkingSets implements ImportWorkingSets {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final JdbcClient jdbc;

    public JdbcImportWorkingSets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(WorkingSet set) {
        jdbc.sql("""
                INSERT INTO import_working_set (import_id, uai, rows, problems, plan, created_at)
                VALUES (?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?)
                ON CONFLICT (import_id) DO UPDATE SET rows = EXCLUDED.rows, problems = EXCLUDED.problems,
                                                      plan = EXCLUDED.plan""")
                .params(set.importId(), set.uai(), write(set.rows()), write(set.problems()), write(set.plan()),
                        Timestamp.from(set.createdAt()))
                .update();
    }

    @Override
    public Optional<WorkingSet> find(String importId) {
        return jdbc.sql("SELECT * FROM import_working_set WHERE import_id = ?").param(importId)
                .query((rs, n) -> new WorkingSet(rs.getString("import_id"), rs.getString("uai"),
                        read(rs.getString("rows"), new TypeReference<List<PupilRow>>() { }),
                        read(rs.getString("problems"), new TypeReference<List<RowProblem>>() { }),
                        rs.getString("plan") == null ? null : read(rs.getString("plan"), new TypeReference<ImportPlan>() { }),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    @Override
    public void delete(String importId) {
        jdbc.sql("DELETE FROM import_working_set WHERE import_id = ?").param(importId).update();
    }

    /** How many working sets are kept (for operations and tests). */
    public long count() {
        return jdbc.sql("SELECT count(*) FROM import_working_set").query(Long.class).single();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable import_working_set column: " + e.getOriginalMessage(), e);
        }
    }
}
