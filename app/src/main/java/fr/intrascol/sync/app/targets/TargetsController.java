package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.intrascol.DirectoryTarget;
import fr.intrascol.sync.query.intrascol.DirectoryTargets;
import fr.intrascol.sync.query.intrascol.Drift;
import fr.intrascol.sync.query.intrascol.TargetRepository;
import fr.intrascol.sync.query.intrascol.TargetSettings;
import fr.intrascol.sync.query.intrascol.TargetSync;
import fr.intrascol.sync.query.intrascol.ldap.LdapMapping;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A school's IntraScol server: its configuration (administrators), status (anyone who reads the
 * school), drift, replay, repair and dead-letter retry (administrators and the school's director).
 */
@RestController
@RequestMapping("/api/schools/{uai}/target")
public class TargetsController {

    private static final Logger log = LoggerFactory.getLogger(TargetsController.class);

    private final TargetRepository repository;
    private final AccountReadModel schools;
    private final DirectoryTargets targets;
    private final TargetSync sync;
    private final SchoolAccess access;
    private final Path fileRoot;
    private final Clock clock;

    public TargetsController(TargetRepository repository, AccountReadModel schools, DirectoryTargets targets,
                             TargetSync sync,
                             SchoolAccess access, @Value("${intrascol.projector.file-root}") Path fileRoot,
                             Optional<Clock> clock) {
        this.repository = repository;
        this.schools = schools;
        this.targets = targets;
        this.sync = sync;
        this.access = access;
        this.fileRoot = fileRoot.toAbsolutePath().normalize();
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * The body of {@code PUT …/target}. {@code password} is write-only: omitted, the stored one is kept.
     * {@code directory} (FILE) is a folder under {@code intrascol.projector.file-root}.
     */
    public record TargetRequest(TargetSettings.Type type, String url, String bindDn, String password, String baseDn,
                                Boolean startTls, String caCertificate, String directory, LdapMapping mapping) {
    }

    /** The configuration as saved, and whether the server answered when tried with it. */
    public record TargetAnswer(TargetRepository.TargetView target, boolean reachable, String check) {
    }

    @PutMapping
    public TargetAnswer put(@PathVariable Uai uai, @RequestBody TargetRequest request) {
        access.requireRead(uai);
        requireAdmin();
        schools.requireSchool(uai);
        TargetSettings settings = validate(uai, request);
        String actor = SchoolAccess.currentUser().username();
        repository.save(uai.value(), settings, actor, clock.instant());
        log.info("School {}: IntraScol target set to {} by {}", uai, settings, actor);
        String check;
        boolean reachable;
        try {
            targets.forSchool(uai.value()).orElseThrow().check();
            reachable = true;
            check = settings.type() == TargetSettings.Type.FILE
                    ? "The folder is writable. POST …/target/replay writes the users file."
                    : "The server answered and holds the base entry. POST …/target/replay fills it.";
        } catch (RuntimeException e) {
            reachable = false;
            check = "Saved, but the server could not be used yet: " + e.getMessage();
        }
        return new TargetAnswer(repository.view(uai.value()).orElseThrow(), reachable, check);
    }

    @GetMapping
    public TargetRepository.TargetView get(@PathVariable Uai uai) {
        access.requireRead(uai);
        return repository.view(uai.value()).orElseThrow(() -> new NotFoundException("School " + uai
                + " has no IntraScol server configured."));
    }

    @DeleteMapping
    public ResponseEntity<Void> delete(@PathVariable Uai uai) {
        access.requireRead(uai);
        requireAdmin();
        if (!repository.delete(uai.value())) {
            throw new NotFoundException("School " + uai + " has no IntraScol server configured.");
        }
        log.info("School {}: IntraScol target removed by {}", uai, SchoolAccess.currentUser().username());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/status")
    public TargetSync.TargetStatus status(@PathVariable Uai uai) {
        access.requireRead(uai);
        return sync.status(uai.value());
    }

    @GetMapping("/drift")
    public Map<String, Object> drift(@PathVariable Uai uai) {
        access.requireWrite(uai);
        Drift drift = sync.drift(uai.value());
        return Map.of("inSync", drift.inSync(), "missing", drift.missing(), "extra", drift.extra(),
                "different", drift.different());
    }

    /** Repairs drift: the server is made to hold exactly the projection (what a replay does). */
    @PostMapping("/drift/repair")
    public TargetSync.SyncResult repair(@PathVariable Uai uai) {
        access.requireWrite(uai);
        return sync.replay(uai.value(), SchoolAccess.currentUser().username());
    }

    @PostMapping("/replay")
    public TargetSync.SyncResult replay(@PathVariable Uai uai) {
        access.requireWrite(uai);
        return sync.replay(uai.value(), SchoolAccess.currentUser().username());
    }

    @PostMapping("/dead-letters/retry")
    public Map<String, Object> retry(@PathVariable Uai uai) {
        access.requireWrite(uai);
        int retried = sync.retryDeadLetters(uai.value());
        return Map.of("retried", retried, "status", sync.status(uai.value()));
    }

    private static void requireAdmin() {
        if (!SchoolAccess.currentUser().has(fr.intrascol.sync.app.users.UserRole.ADMIN)) {
            throw new AccessDeniedException("Only an administrator configures a school's IntraScol server.");
        }
    }

    private TargetSettings validate(Uai uai, TargetRequest r) {
        if (r.type() == null) {
            throw invalid("TARGET_TYPE", "Say which kind of server: \"type\": \"LDAP\" or \"FILE\".");
        }
        LdapMapping mapping = r.mapping() == null ? LdapMapping.DEFAULT : r.mapping().withDefaults();
        if (r.type() == TargetSettings.Type.FILE) {
            if (r.directory() == null || r.directory().isBlank()) {
                throw invalid("TARGET_DIRECTORY", "A FILE target needs \"directory\": the folder where the users file is written.");
            }
            Path directory = fileRoot.resolve(r.directory()).toAbsolutePath().normalize();
            if (!directory.startsWith(fileRoot)) {
                throw invalid("TARGET_DIRECTORY_OUTSIDE", "The folder must be inside " + fileRoot + " (intrascol.projector.file-root).");
            }
            return new TargetSettings(TargetSettings.Type.FILE, null, null, null, null, false, null,
                    directory.toString(), mapping);
        }
        boolean startTls = Boolean.TRUE.equals(r.startTls());
        try {
            LDAPURL url = new LDAPURL(r.url() == null ? "" : r.url());
            if (!url.getScheme().equals("ldap") && !url.getScheme().equals("ldaps")) {
                throw invalid("TARGET_URL", "The URL must start with ldap:// or ldaps://.");
            }
            if (startTls && url.getScheme().equals("ldaps")) {
                throw invalid("TARGET_STARTTLS", "StartTLS is for ldap:// URLs; an ldaps:// URL is encrypted already.");
            }
        } catch (LDAPException e) {
            throw invalid("TARGET_URL", "\"url\" is not an LDAP URL (ldap://host:389 or ldaps://host:636): " + e.getMessage());
        }
        for (var field : new String[][]{{"baseDn", r.baseDn()}, {"bindDn", r.bindDn()}}) {
            if (field[1] == null || field[1].isBlank()) {
                if (field[0].equals("baseDn")) {
                    throw invalid("TARGET_BASE_DN", "\"baseDn\" is required: the entry under which ou=people and ou=groups live.");
                }
                continue;
            }
            if (!DN.isValidDN(field[1])) {
                throw invalid("TARGET_DN", "\"" + field[0] + "\" is not a valid DN (like dc=ecole,dc=intrascol).", field[0]);
            }
        }
        if (r.password() == null && repository.view(uai.value()).map(v -> !v.passwordSet()).orElse(true)
                && r.bindDn() != null && !r.bindDn().isBlank()) {
            throw invalid("TARGET_PASSWORD", "\"password\" is required the first time: the bind DN's password.");
        }
        return new TargetSettings(TargetSettings.Type.LDAP, r.url(), r.bindDn(), r.password(), r.baseDn(), startTls,
                r.caCertificate(), null, mapping);
    }

    private static CommandRejectedException invalid(String code, String message, Object... args) {
        return new CommandRejectedException(CommandRejectedException.Kind.INVALID, code, message, args);
    }
}
