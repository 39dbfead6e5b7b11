package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.ui.FrenchText;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The new accounts' passwords of an applied import, held in memory only until the credentials sheet
 * is taken (the API gives it once), the director forgets it (the pages let them print it per class,
 * as many times as the printer needs, then forget it) or a time limit passes: clear passwords are
 * never written to disk or database. After a restart they are gone; passwords can then be reset per
 * account.
 */
@Component
public class CredentialsSheets {

    /** What a sheet needs. */
    public record Pending(String uai, String schoolName, String title, List<CredentialsSheetPdf.Card> cards,
                          Instant expiresAt) {
        @Override
        public String toString() {
            return "Pending[" + uai + ", " + cards.size() + " cards]";
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Duration timeToLive;
    private final Clock clock;
    private final FrenchText texts;

    public CredentialsSheets(IntrascolProperties properties, Clock clock, FrenchText texts) {
        this.timeToLive = properties.imports().credentialsTtl();
        this.clock = clock;
        this.texts = texts;
    }

    /**
     * Keeps a sheet's passwords under {@code key} (an import, or a class's new passwords). Its title is
     * {@code what} it is for, then the day it was made, the French way (« base-eleves.csv — 6 décembre 2026 »).
     */
    public void keep(String key, String uai, String schoolName, String what, List<CredentialsSheetPdf.Card> cards) {
        purge();
        if (!cards.isEmpty()) {
            pending.put(key, new Pending(uai, schoolName, what + " — " + texts.day(texts.today()), List.copyOf(cards),
                    clock.instant().plus(timeToLive)));
        }
    }

    public boolean isAvailable(String importId) {
        purge();
        return pending.containsKey(importId);
    }

    /** The sheet's content, left in place (the pages' downloads, until {@link #forget} or the time limit). */
    public Optional<Pending> peek(String importId) {
        purge();
        return Optional.ofNullable(pending.get(importId));
    }

    /** Drops the sheet's passwords now (the director printed it). */
    public void forget(String importId) {
        pending.remove(importId);
        purge();
    }

    /** The sheet's content, removed as it is taken: a second call finds nothing. */
    public Optional<Pending> take(String importId) {
        purge();
        return Optional.ofNullable(pending.remove(importId));
    }

    /** The sheet as a PDF: every class, or only {@code classGroup}'s cards when it is given. */
    public static byte[] render(Pending sheet, String classGroup) {
        List<CredentialsSheetPdf.Card> cards = classGroup == null ? sheet.cards()
                : sheet.cards().stream().filter(c -> classGroup.equals(c.classGroup())).toList();
        return CredentialsSheetPdf.render(sheet.schoolName(), sheet.uai(), sheet.title(), cards);
    }

    /** A PDF of passwords as a download: never cached by the browser or a proxy. */
    public static ResponseEntity<byte[]> download(byte[] pdf, String fileName) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .cacheControl(CacheControl.noStore())
                .header("Content-Disposition", ContentDisposition.attachment()
                        .filename(fileName, StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }

    private void purge() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
    }
}
