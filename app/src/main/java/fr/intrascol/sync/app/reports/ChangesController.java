package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.value.Uai;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * « What changed between two dates » through the API: one school, or several (an inspector's, without
 * {@code schools}: all of theirs), as JSON (default), HTML, CSV or PDF. The same access rules as the
 * history reports.
 */
@RestController
public class ChangesController {

    private final ChangesReports changes;
    private final HistoryReports reports;

    public ChangesController(ChangesReports changes, HistoryReports reports) {
        this.changes = changes;
        this.reports = reports;
    }

    @GetMapping("/api/schools/{uai}/changes")
    public ResponseEntity<?> school(@PathVariable Uai uai, @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String format) {
        return changes.render(changes.build(List.of(uai), from, to), format);
    }

    @GetMapping("/api/changes")
    public ResponseEntity<?> schools(@RequestParam(required = false) List<String> schools,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(required = false) String format) {
        return changes.render(changes.build(reports.schoolsOrReadable(schools), from, to), format);
    }
}
