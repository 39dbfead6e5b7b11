package fr.intrascol.sync.app.privacy;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs the retention rule now (ADMIN only, by the security configuration of {@code /api/admin/**}). */
@RestController
public class RetentionController {

    private final RetentionJob job;

    public RetentionController(RetentionJob job) {
        this.job = job;
    }

    @PostMapping("/api/admin/retention/run")
    public RetentionJob.Result run() {
        return job.run();
    }
}
