package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.value.Uai;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Inspector reports: what changed in one school, or several (a circonscription), over a period, as
 * an HTML page, a CSV file or a PDF document. Each prints each school's chain head hash.
 */
@RestController
public class ReportsController {

    private final HistoryReports reports;

    public ReportsController(HistoryReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/schools/{uai}/reports/history")
    public ResponseEntity<byte[]> school(@PathVariable Uai uai, @RequestParam String from, @RequestParam String to,
                                         @RequestParam(defaultValue = "html") String format) {
        return report(List.of(uai), from, to, format);
    }

    /** Several schools at once; without {@code schools}, every school the user may read. */
    @GetMapping("/api/reports/history")
    public ResponseEntity<byte[]> schools(@RequestParam(required = false) List<String> schools,
                                          @RequestParam String from, @RequestParam String to,
                                          @RequestParam(defaultValue = "html") String format) {
        return report(reports.schoolsOrReadable(schools), from, to, format);
    }

    private ResponseEntity<byte[]> report(List<Uai> uais, String from, String to, String format) {
        Report report = reports.build(uais, from, to);
        return reports.render(report, format);
    }
}
