package fr.intrascol.sync.app.users;

import fr.intrascol.sync.app.IntrascolProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Set;

/**
 * Creates the first administrator when nobody can sign in yet. Without a configured password
 * ({@code --intrascol.bootstrap.admin-password}) it generates one and prints it once: the only time a
 * clear password reaches the log, because otherwise nobody could ever sign in.
 */
@Component
public class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final IntrascolProperties properties;

    public BootstrapAdmin(UserRepository users, PasswordEncoder encoder, IntrascolProperties properties) {
        this.users = users;
        this.encoder = encoder;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!users.isEmpty()) {
            return;
        }
        String username = properties.bootstrap().adminUsername();
        String configured = properties.bootstrap().adminPassword();
        boolean generated = configured == null || configured.isBlank();
        // the configured first password keeps the 10-character rule, not StaffPasswordPolicy: the README's
        // first command (change-me-now) and installation scripts rely on it; it only serves the first start
        // and the administrator changes it with POST /api/me/password, where the full policy applies
        if (!generated && configured.length() < UsersController.MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("intrascol.bootstrap.admin-password must be at least "
                    + UsersController.MIN_PASSWORD_LENGTH + " characters long.");
        }
        String password = generated ? randomPassword() : configured;
        boolean created = users.insert(new AppUser(username, encoder.encode(password), Set.of(UserRole.ADMIN),
                Set.of(), true), "bootstrap");
        if (!created) {
            log.info("Another instance created the first administrator at the same time; nothing to do");
            return;
        }
        if (generated) {
            log.warn("""

                    ==========================================================
                    First administrator created: user '{}', password '{}'
                    This password is shown only once. Keep it safe.
                    ==========================================================""", username, password);
        } else {
            log.info("First administrator '{}' created with the configured password", username);
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
