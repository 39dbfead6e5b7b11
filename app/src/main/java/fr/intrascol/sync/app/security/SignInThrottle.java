package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.IntrascolProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows down password guessing, on the API's HTTP Basic and the sign-in form alike. Failures are counted
 * per account and client address, and per client address: after {@code max-failures} failures within
 * {@code window} for one account from one address (or {@code max-failures-per-address} from one address
 * whatever the accounts), that pair (or address) is refused for {@code first-block}, doubled at each
 * further failure up to {@code max-block}. Nothing is counted per account alone, so nobody can lock a
 * director out from another address. Counters live in memory (Caffeine, bounded): per process, lost on
 * restart. Every failure and every start of a refusal is written to {@code sign_in_failure} and logged,
 * never with the password.
 */
@Component
public class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    /** Where the attempt came from. */
    public enum Channel { API, PAGE }

    private final JdbcClient jdbc;
    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration window;
    private final Duration firstBlock;
    private final Duration maxBlock;
    private final Clock clock;
    private final Cache<String, Counter> counters;

    public SignInThrottle(JdbcClient jdbc,
                          IntrascolProperties properties, Clock clock) {
        IntrascolProperties.SignIn signIn = properties.security().signIn();
        int maxFailures = signIn.maxFailures();
        int maxFailuresPerAddress = signIn.maxFailuresPerAddress();
        Duration window = signIn.window();
        Duration firstBlock = signIn.firstBlock();
        Duration maxBlock = signIn.maxBlock();
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.window = window;
        this.firstBlock = firstBlock;
        this.maxBlock = maxBlock;
        this.counters = Caffeine.newBuilder().expireAfterAccess(window.plus(maxBlock)).maximumSize(100_000).build();
    }

    /** How long the attempt must wait, if it is refused now; records the refusal (once per block). */
    public Optional<Duration> refusal(String username, String address, Channel channel) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        boolean first = false;
        for (String key : new String[] {accountKey(username, address), addressKey(address)}) {
            Counter counter = counters.getIfPresent(key);
            if (counter == null) {
                continue;
            }
            synchronized (counter) {
                if (counter.blockedUntil != null && counter.blockedUntil.isAfter(now)) {
                    Duration left = Duration.between(now, counter.blockedUntil);
                    wait = left.compareTo(wait) > 0 ? left : wait;
                    if (!counter.refusalRecorded) {
                        counter.refusalRecorded = true;
                        first = true;
                    }
                }
            }
        }
        if (wait.isZero()) {
            return Optional.empty();
        }
        if (first) {
            log.warn("Sign-in throttled for '{}' from {} ({}) for {} s", printable(username), address, channel,
                    wait.toSeconds());
            record(username, address, channel, "THROTTLED");
        }
        return Optional.of(wait);
    }

    /** A wrong password (or unknown or disabled user): counted, written down and logged. */
    public void failed(String username, String address, Channel channel) {
        Instant now = clock.instant();
        count(accountKey(username, address), maxFailures, now);
        count(addressKey(address), maxFailuresPerAddress, now);
        log.warn("Sign-in failed for '{}' from {} ({})", printable(username), address, channel);
        record(username, address, channel, "FAILED");
    }

    /** A successful sign-in clears that account's count from that address (not the address's own). */
    public void succeeded(String username, String address) {
        counters.invalidate(accountKey(username, address));
    }

    /** Forgets every count (tests; an operator could expose it later). */
    public void reset() {
        counters.invalidateAll();
    }

    private void count(String key, int limit, Instant now) {
        Counter counter = counters.get(key, k -> new Counter());
        synchronized (counter) {
            Instant since = now.minus(window);
            while (!counter.failures.isEmpty() && counter.failures.peekFirst().isBefore(since)) {
                counter.failures.removeFirst();
            }
            counter.failures.addLast(now);
            if (counter.failures.size() > 1000) {
                counter.failures.removeFirst();
            }
            int over = counter.failures.size() - limit;
            if (over >= 0) {
                Duration block = firstBlock.multipliedBy(1L << Math.min(over, 20));
                counter.blockedUntil = now.plus(block.compareTo(maxBlock) > 0 ? maxBlock : block);
                counter.refusalRecorded = false;
            }
        }
    }

    private void record(String username, String address, Channel channel, String outcome) {
        try {
            jdbc.sql("INSERT INTO sign_in_failure (username, client_address, channel, outcome) VALUES (?, ?, ?, ?)")
                    .params(cut(username, 64), cut(address, 64), channel.name(), outcome).update();
        } catch (RuntimeException e) {
            log.warn("Could not record a sign-in failure: {}", e.toString());
        }
    }

    private static String accountKey(String username, String address) {
        return "a|" + address + "|" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "ip|" + address;
    }

    private static String cut(String value, int length) {
        if (value == null) {
            return null;
        }
        return value.length() <= length ? value : value.substring(0, length);
    }

    /** A user name as typed, safe for one log line. */
    static String printable(String username) {
        if (username == null) {
            return "";
        }
        String cut = cut(username, 64);
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static final class Counter {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant blockedUntil;
        private boolean refusalRecorded;
    }
}
