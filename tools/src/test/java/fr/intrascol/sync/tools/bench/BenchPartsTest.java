package fr.intrascol.sync.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchPartsTest {

    @Test
    void optionsHaveTheIssuesDefaultsAndLeaveSpringPropertiesAlone() {
        BenchOptions defaults = BenchOptions.parse("bench", "--intrascol.data-dir=/tmp/x");
        assertThat(defaults).isEqualTo(BenchOptions.defaults());
        assertThat(defaults.schools()).isEqualTo(500);
        assertThat(defaults.pupils()).isEqualTo(120);
        assertThat(defaults.events()).isEqualTo(1_000_000);
        assertThat(defaults.importThreads()).isEqualTo(2);

        BenchOptions o = BenchOptions.parse("bench", "--schools", "20", "--pupils=60", "--events", "50000",
                "--runs", "1", "--import-threads", "3");
        assertThat(o.schools()).isEqualTo(20);
        assertThat(o.pupils()).isEqualTo(60);
        assertThat(o.events()).isEqualTo(50_000);
        assertThat(o.runs()).isEqualTo(1);
        assertThat(o.importThreads()).isEqualTo(3);
    }

    @Test
    void wrongOptionsAreRefused() {
        assertThatThrownBy(() -> BenchOptions.parse("bench", "--schools")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("bench", "--runs", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BenchOptions.parse("bench", "--fast")).hasMessageContaining("Unknown option");
        assertThatThrownBy(() -> BenchOptions.parse("bench", "--schools", "10000")).hasMessageContaining("9999");
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> values = new java.util.ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            values.add((double) i);
        }
        assertThat(Stats.percentile(values, 50)).isEqualTo(50.0);
        assertThat(Stats.percentile(values, 95)).isEqualTo(95.0);
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.percentile(List.of(7.0), 95)).isEqualTo(7.0);
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void theLastLineIsOneJsonObject() throws Exception {
        BenchReport report = new BenchReport().row("import year 1", "1.0 s", "single run")
                .put("pupils", 60).put("import_y1_s", 12.34567).put("rebuild_events_per_s", 31234.56)
                .put("ldap_ratio_vs_raw", Double.NaN);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        report.print(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String[] lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        Map<?, ?> json = new ObjectMapper().readValue(lines[lines.length - 1], Map.class);
        assertThat(json.get("pupils")).isEqualTo(60);
        assertThat(json.get("import_y1_s")).isEqualTo(12.346);
        assertThat(json.get("rebuild_events_per_s")).isEqualTo(31234.6);
        assertThat(new BenchReport().put("n", 8570.0).jsonLine()).isEqualTo("{\"n\":8570}");
        assertThat(json.containsKey("ldap_ratio_vs_raw")).isTrue();
        assertThat(json.get("ldap_ratio_vs_raw")).isNull();
    }

    @Test
    void valueObjectsAndDatesAreReadEitherWay() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(RawBaselines.text(json.readTree("{\"uai\":{\"value\":\"0170001J\"}}"), "uai")).isEqualTo("0170001J");
        assertThat(RawBaselines.text(json.readTree("{\"uai\":\"0170001J\"}"), "uai")).isEqualTo("0170001J");
        assertThat(RawBaselines.text(json.readTree("{}"), "uai")).isNull();
        assertThat(RawBaselines.date(json.readTree("[2019,3,25]"))).hasToString("2019-03-25");
        assertThat(RawBaselines.date(json.readTree("\"2019-03-25\""))).hasToString("2019-03-25");
        assertThat(RawBaselines.date(json.readTree("\"encrypted\""))).isNull();
    }
}
