package fr.intrascol.sync.app.imports;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The new accounts' passwords of an applied import, held in memory only until the credentials sheet
 * is downloaded once (or a time limit passes): clear passwords are never written to disk or database.
 * After a restart they are gone; passwords can then be reset per account.
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

    public CredentialsSheets(@Value("${intrascol.import.credentials-ttl:2h}") Duration timeToLive) {
        this.timeToLive = timeToLive;
        this.clock = Clock.systemUTC();
    }

    public void keep(String importId, String uai, String schoolName, String title, List<CredentialsSheetPdf.Card> cards) {
        purge();
        if (!cards.isEmpty()) {
            pending.put(importId, new Pending(uai, schoolName, title, List.copyOf(cards), clock.instant().plus(timeToLive)));
        }
    }

    public boolean isAvailable(String importId) {
        purge();
        return pending.containsKey(importId);
    }

    /** The sheet's content, removed as it is taken: a second call finds nothing. */
    public Optional<Pending> take(String importId) {
        purge();
        return Optional.ofNullable(pending.remove(importId));
    }

    private void purge() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
    }
}
