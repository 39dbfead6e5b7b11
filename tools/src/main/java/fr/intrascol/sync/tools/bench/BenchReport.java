package fr.intrascol.sync.tools.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's result: a table for people, then one JSON object on the last line for scripts. */
public final class BenchReport {

    private record Row(String label, String value, String how) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();

    /** A line of the table. */
    public BenchReport row(String label, String value, String how) {
        rows.add(new Row(label, value, how));
        return this;
    }

    /** A key of the JSON line; a double is rounded to 3 significant decimals (NaN and infinities become null). */
    public BenchReport put(String key, Object value) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                value = null;
            } else {
                double rounded = new BigDecimal(d).setScale(Math.abs(d) >= 100 ? 1 : 3, RoundingMode.HALF_UP)
                        .doubleValue();
                value = rounded == Math.rint(rounded) ? (Object) (long) rounded : (Object) rounded;
            }
        }
        json.put(key, value);
        return this;
    }

    public Map<String, Object> json() {
        return json;
    }

    public void print(PrintStream out) {
        int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(10);
        int valueWidth = rows.stream().mapToInt(r -> r.value().length()).max().orElse(10);
        for (Row row : rows) {
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %" + valueWidth + "s  %s", row.label(),
                    row.value(), row.how()).stripTrailing());
        }
        out.println(jsonLine());
    }

    public String jsonLine() {
        try {
            return new ObjectMapper().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
