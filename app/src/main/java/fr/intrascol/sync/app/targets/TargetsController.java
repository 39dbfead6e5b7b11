package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.intrascol.Drift;
import fr.intrascol.sync.query.intrascol.TargetRepository;
import fr.intrascol.sync.query.intrascol.TargetSettings;
import fr.intrascol.sync.query.intrascol.TargetSync;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * A school's IntraScol server: its configuration (administrators), status (anyone who reads the
 * school), drift, replay, repair and dead-letter retry (administrators and the school's director).
 */
@RestController
@RequestMapping("/api/schools/{uai}/target")
public class TargetsController {

    private final TargetService service;
    private final TargetSync sync;

    public TargetsController(TargetService service, TargetSync sync) {
        this.service = service;
        this.sync = sync;
    }

    /** The configuration as saved, and whether the server answered when tried with it. */
    public record TargetAnswer(TargetRepository.TargetView target, boolean reachable, String check) {
    }

    @PutMapping
    public TargetAnswer put(@PathVariable Uai uai, @RequestBody TargetService.TargetRequest request) {
        TargetService.Configured configured = service.configure(uai, request);
        String check;
        if (!configured.reachable()) {
            check = "Saved, but the server could not be used yet: " + configured.checkFailure().getMessage();
        } else if (configured.target().type() == TargetSettings.Type.FILE) {
            check = "The folder is writable. POST …/target/replay writes the users file.";
        } else {
            check = "The server answered and holds the base entry. POST …/target/replay fills it.";
        }
        return new TargetAnswer(configured.target(), configured.reachable(), check);
    }

    @GetMapping
    public TargetRepository.TargetView get(@PathVariable Uai uai) {
        return service.find(uai).orElseThrow(() -> new NotFoundException("School " + uai
                + " has no IntraScol server configured."));
    }

    @DeleteMapping
    public ResponseEntity<Void> delete(@PathVariable Uai uai) {
        service.remove(uai);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/status")
    public TargetSync.TargetStatus status(@PathVariable Uai uai) {
        return sync.status(uai.value());
    }

    @SchoolWrite
    @GetMapping("/drift")
    public Map<String, Object> drift(@PathVariable Uai uai) {
        Drift drift = sync.drift(uai.value());
        return Map.of("inSync", drift.inSync(), "missing", drift.missing(), "extra", drift.extra(),
                "different", drift.different());
    }

    /** Repairs drift: the server is made to hold exactly the projection (what a replay does). */
    @PostMapping("/drift/repair")
    public TargetSync.SyncResult repair(@PathVariable Uai uai) {
        return sync.replay(uai.value(), SchoolAccess.currentUser().username());
    }

    @PostMapping("/replay")
    public TargetSync.SyncResult replay(@PathVariable Uai uai) {
        return sync.replay(uai.value(), SchoolAccess.currentUser().username());
    }

    @PostMapping("/dead-letters/retry")
    public Map<String, Object> retry(@PathVariable Uai uai) {
        int retried = sync.retryDeadLetters(uai.value());
        return Map.of("retried", retried, "status", sync.status(uai.value()));
    }
}
