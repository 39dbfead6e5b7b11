package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.query.intrascol.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The IntraScol projector's application side: the key that encrypts the targets' bind passwords. */
@Configuration(proxyBeanMethods = false)
public class TargetsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TargetsConfiguration.class);

    /**
     * {@code intrascol.secrets.key} (base64 of 32 bytes) when set — what several processes of one
     * installation must share; otherwise the key file, created with a random key on first start,
     * readable by its owner only. The key never goes into the database, so a dump does not reveal the
     * passwords; losing it means typing the targets' passwords again.
     */
    @Bean
    public SecretCipher secretCipher(IntrascolProperties properties) {
        String key = properties.secrets().key();
        Path keyFile = properties.secretsKeyFile();
        if (!key.isBlank()) {
            return new SecretCipher(decode(key, "intrascol.secrets.key"));
        }
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                try {
                    Files.writeString(Files.createFile(keyFile,
                                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                            Base64.getEncoder().encodeToString(fresh) + "\n");
                    log.info("Created the secrets key {} (keep it with the backups of the database)", keyFile);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it at the same moment: use theirs
                }
            }
            return new SecretCipher(decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim(),
                    keyFile.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("The secrets key file " + keyFile + " cannot be read or created", e);
        }
    }

    private static byte[] decode(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The secrets key in " + where + " is not base64 of 32 bytes", e);
        }
    }
}
