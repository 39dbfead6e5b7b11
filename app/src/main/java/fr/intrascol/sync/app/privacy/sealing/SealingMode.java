package fr.intrascol.sync.app.privacy.sealing;

import org.springframework.beans.factory.annotation.Autowired;
import fr.intrascol.sync.app.IntrascolProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether {@link SealedPersonalDataModule} seals personal values (always, except in the benchmark). The
 * benchmark ({@code bench}, {@code intrascol.cli=bench}, on a throw-away data folder) turns sealing off
 * for a while to time the same import with the values written in clear, the « before encryption »
 * baseline (docs/performance.md, issue 13). Any other process is refused: there, personal data is never
 * written in clear.
 */
@Component
public class SealingMode {

    private static final Logger log = LoggerFactory.getLogger(SealingMode.class);
    /** The only {@code intrascol.cli} value that may turn sealing off. */
    static final String BENCH = "bench";

    private final AtomicBoolean sealing = new AtomicBoolean(true);
    private final boolean bench;

    /** @param cli the process's {@code intrascol.cli} (empty for the server) */
    @Autowired
    public SealingMode(IntrascolProperties properties) {
        this(properties.cli());
    }

    SealingMode(String cli) {
        this.bench = BENCH.equals(cli);
    }

    /** True unless the benchmark turned sealing off. */
    public boolean sealing() {
        return sealing.get();
    }

    /**
     * From now on, personal values are written in clear (the plain JSON that would be sealed). Refused with
     * an IllegalStateException unless this process runs the benchmark.
     */
    public void turnOffForBenchmark() {
        if (!bench) {
            throw new IllegalStateException("Personal data sealing cannot be turned off: only the benchmark"
                    + " (intrascol.cli=bench, a throw-away data folder) may write personal data in clear");
        }
        if (sealing.getAndSet(false)) {
            log.warn("Personal data sealing OFF (benchmark): values are written in clear until it is turned on");
        }
    }

    /** Seals again (the default). */
    public void turnOn() {
        sealing.set(true);
    }
}
