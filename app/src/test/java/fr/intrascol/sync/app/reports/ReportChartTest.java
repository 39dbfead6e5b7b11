package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The active-accounts chart holds each count until the next (steps) and stops at today. */
class ReportChartTest extends IntegrationTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    @Test
    void the_curve_is_drawn_in_steps_and_never_runs_past_today() {
        String uai = registerSchool("École des Marches");
        for (int i = 0; i < 3; i++) {
            createPupil(admin(), uai, "MARCHE", "Élève" + (char) ('A' + i), "2019-01-0" + (i + 1), "CP");
        }
        LocalDate end = TODAY.plusDays(20);
        Api.Response html = admin().get("/api/schools/" + uai + "/reports/history?from=" + TODAY.minusDays(10)
                + "&to=" + end + "&format=html");
        assertThat(html.status()).as(html.toString()).isEqualTo(200);
        Matcher polyline = Pattern.compile("<polyline[^>]*points=\"([^\"]*)\"").matcher(html.body());
        assertThat(polyline.find()).isTrue();
        List<double[]> points = new ArrayList<>();
        for (String point : polyline.group(1).strip().split("\\s+")) {
            String[] xy = point.split(",");
            points.add(new double[]{Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        assertThat(points.size()).isGreaterThan(2);
        boolean rose = false;
        for (int i = 1; i < points.size(); i++) {
            double[] a = points.get(i - 1);
            double[] b = points.get(i);
            assertThat(a[0] == b[0] || a[1] == b[1]).as("segment %d is horizontal or vertical, not a slope", i).isTrue();
            rose |= a[0] == b[0] && b[1] < a[1];
        }
        assertThat(rose).as("the count steps up when the pupils arrive").isTrue();
        assertThat(points.get(points.size() - 1)[0]).as("the curve spans the axis up to today").isEqualTo(640.0);
        assertThat(html.body()).contains(">" + TODAY.format(DAY) + "</text></g></svg>")
                .doesNotContain(">" + end.format(DAY) + "</text></g></svg>");

        Api.Response future = admin().get("/api/schools/" + uai + "/reports/history?from=" + TODAY.plusDays(1)
                + "&to=" + end);
        assertThat(future.status()).as("a period starting after today").isEqualTo(400);
        assertThat(future.json().get("field").asText()).isEqualTo("from");
    }
}
