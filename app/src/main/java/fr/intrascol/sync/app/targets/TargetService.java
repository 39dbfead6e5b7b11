package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.query.config.QuerySideProperties;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.intrascol.TargetRepository;
import fr.intrascol.sync.query.intrascol.TargetSettings;
import fr.intrascol.sync.query.intrascol.TargetSync;
import fr.intrascol.sync.query.intrascol.ldap.LdapMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Configuring a school's IntraScol server, for the API ({@link TargetsController}) and the pages
 * ({@link ServerPages}) alike: only administrators, the request checked field by field (refusals carry a
 * stable code), saved, then tried. The password is write-only: a request without one keeps the stored one.
 */
@Service
public class TargetService {

    private static final Logger log = LoggerFactory.getLogger(TargetService.class);

    private final TargetSync sync;
    private final AccountReadModel schools;
    private final Path fileRoot;

    public TargetService(TargetSync sync, AccountReadModel schools,
                         QuerySideProperties properties,
                         IntrascolProperties application) {
        this.sync = sync;
        this.schools = schools;
        Path root = properties.projector().fileRoot() != null ? properties.projector().fileRoot()
                : application.dataDir().resolve("intrascol-files");
        this.fileRoot = root.toAbsolutePath().normalize();
    }

    /**
     * A target to save. {@code password} is write-only: null keeps the stored one. {@code directory} (FILE) is
     * a folder under {@code intrascol.projector.file-root}.
     */
    public record TargetRequest(TargetSettings.Type type, String url, String bindDn, String password, String baseDn,
                                Boolean startTls, String caCertificate, String directory, LdapMapping mapping) {
    }

    /** The configuration as saved, and why the try with it failed ({@code null}: it worked). */
    public record Configured(TargetRepository.TargetView target, RuntimeException checkFailure) {

        public boolean reachable() {
            return checkFailure == null;
        }
    }

    /** Saves the school's target (administrators only), then tries it; a target that fails the try is kept. */
    public Configured configure(Uai uai, TargetRequest request) {
        requireAdmin();
        schools.requireSchool(uai);
        TargetSettings settings = validate(uai, request);
        String actor = SchoolAccess.currentUser().username();
        sync.save(uai.value(), settings, actor);
        log.info("School {}: IntraScol target set to {} by {}", uai, settings, actor);
        RuntimeException failure = null;
        try {
            sync.check(uai.value());
        } catch (RuntimeException e) {
            failure = e;
        }
        return new Configured(sync.view(uai.value()).orElseThrow(), failure);
    }

    /** The school's target as stored (never the password), if it has one. */
    public Optional<TargetRepository.TargetView> find(Uai uai) {
        return sync.view(uai.value());
    }

    /** The stored CA certificate(s), to show back in a form (a certificate is public). */
    public Optional<String> caCertificate(Uai uai) {
        return sync.caCertificate(uai.value());
    }

    /** Removes the school's target (administrators only); the server is left as it is. */
    public void remove(Uai uai) {
        requireAdmin();
        if (!sync.remove(uai.value())) {
            throw new NotFoundException("School " + uai + " has no IntraScol server configured.");
        }
        log.info("School {}: IntraScol target removed by {}", uai, SchoolAccess.currentUser().username());
    }

    /** A FILE target's folder as it is typed in a request: relative to the file root. */
    public String relativeDirectory(String absolute) {
        Path directory = Path.of(absolute).toAbsolutePath().normalize();
        if (directory.startsWith(fileRoot)) {
            return fileRoot.relativize(directory).toString();
        }
        try {
            Path realRoot = fileRoot.toRealPath();
            return directory.startsWith(realRoot) ? realRoot.relativize(directory).toString() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    /** Whether the current user may configure servers (to show or hide the form's actions). */
    public boolean canConfigure() {
        return SchoolAccess.currentUser().has(UserRole.ADMIN);
    }

    private void requireAdmin() {
        if (!canConfigure()) {
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
            Path directory = fileDirectory(r.directory());
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
        // {field, value, the field's name on the page (the French sentence quotes it)}
        for (var field : new String[][]{{"baseDn", r.baseDn(), "« Base de l’annuaire »"},
                {"bindDn", r.bindDn(), "« Compte de connexion »"}}) {
            if (field[1] == null || field[1].isBlank()) {
                if (field[0].equals("baseDn")) {
                    throw invalid("TARGET_BASE_DN", "\"baseDn\" is required: the entry under which ou=people and ou=groups live.");
                }
                continue;
            }
            if (!DN.isValidDN(field[1])) {
                throw invalid("TARGET_DN", "\"" + field[0] + "\" is not a valid DN (like dc=ecole,dc=intrascol).", field[2]);
            }
        }
        if (r.password() == null && sync.view(uai.value()).map(v -> !v.passwordSet()).orElse(true)
                && r.bindDn() != null && !r.bindDn().isBlank()) {
            throw invalid("TARGET_PASSWORD", "\"password\" is required the first time: the bind DN's password.");
        }
        return new TargetSettings(TargetSettings.Type.LDAP, r.url(), r.bindDn(), r.password(), r.baseDn(), startTls,
                r.caCertificate(), null, mapping);
    }

    /**
     * A FILE target's folder: a path relative to the file root, made of plain folder names (no ".", "..",
     * empty or absolute path, no control character), none of which is a symbolic link, and which resolves
     * inside the root's real path. Stored as that real path: the users file is then written only where the
     * path leads without following any link ({@code UsersFileTarget} checks again before each write).
     */
    private Path fileDirectory(String typed) {
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid("TARGET_DIRECTORY_INVALID", String.format("\"directory\" contains a control character"
                        + " (U+%04X) at position %d: type a plain folder name, e.g. jules-ferry.", (int) c, i + 1));
            }
        }
        Path relative;
        try {
            relative = Path.of(typed);
        } catch (InvalidPathException e) {
            throw invalid("TARGET_DIRECTORY_INVALID", "\"directory\" is not a folder name this server can use:"
                    + " type a plain folder name, e.g. jules-ferry.");
        }
        String outside = "The folder must be inside " + fileRoot + " (intrascol.projector.file-root): ";
        if (relative.isAbsolute() || typed.startsWith("/") || typed.startsWith("\\") || relative.getRoot() != null) {
            throw invalid("TARGET_DIRECTORY_OUTSIDE", outside + "give it relative to that folder, e.g. jules-ferry,"
                    + " not as an absolute path.");
        }
        for (Path part : relative) {
            String name = part.toString();
            if (name.isBlank() || name.equals(".") || name.equals("..")) {
                throw invalid("TARGET_DIRECTORY_OUTSIDE", outside + "\"" + name + "\" is not a folder name; give"
                        + " the school its own folder, e.g. jules-ferry.");
            }
        }
        Path realRoot;
        try {
            Files.createDirectories(fileRoot);
            realRoot = fileRoot.toRealPath();
        } catch (IOException e) {
            log.error("The FILE targets' root {} cannot be created or read", fileRoot, e);
            throw invalid("TARGET_DIRECTORY_ROOT", "The folder of the users files (" + fileRoot
                    + ", intrascol.projector.file-root) cannot be created on the server: ask its administrator.");
        }
        Path directory = realRoot.resolve(relative).normalize();
        Path current = realRoot;
        for (Path part : relative) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw invalid("TARGET_DIRECTORY_LINK", "The folder " + realRoot.relativize(current) + " is a symbolic"
                        + " link: the users file is written only into real folders inside " + fileRoot
                        + ". Choose another folder, or have the link removed.");
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw invalid("TARGET_DIRECTORY_INVALID", realRoot.relativize(current) + " is a file, not a folder."
                        + " Choose another folder.");
            }
        }
        try {
            if (!directory.startsWith(realRoot)
                    || Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && !directory.toRealPath().equals(directory)) {
                throw invalid("TARGET_DIRECTORY_LINK", outside + "this folder leads elsewhere through a symbolic link.");
            }
        } catch (IOException e) {
            throw invalid("TARGET_DIRECTORY_INVALID", "The folder " + relative + " cannot be read on the server.");
        }
        return directory;
    }

    private static CommandRejectedException invalid(String code, String message, Object... args) {
        return new CommandRejectedException(CommandRejectedException.Kind.INVALID, code, message, args);
    }
}
