package fr.intrascol.sync.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samples this JVM's heap in use (MemoryMXBean, garbage not yet collected included) and its resident set
 * (/proc/self/status VmRSS) every 50 ms, keeping the highest values of each phase; {@link #rssHighWaterMb()}
 * is the kernel's own peak (VmHWM) for the whole process.
 */
public final class MemorySampler implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");

    /** The highest heap in use and RSS seen during one phase, in MiB. */
    public record Peak(double heapMb, double rssMb) {
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Map<String, double[]> peaks = new LinkedHashMap<>();
    private final Thread thread;
    private volatile String phase = "start";
    private volatile boolean running = true;

    public MemorySampler() {
        thread = new Thread(this::loop, "bench-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public void phase(String name) {
        sample();
        phase = name;
        sample();
    }

    public synchronized Map<String, Peak> peaks() {
        Map<String, Peak> copy = new LinkedHashMap<>();
        peaks.forEach((k, v) -> copy.put(k, new Peak(v[0], v[1])));
        return copy;
    }

    public static double rssHighWaterMb() {
        return statusKb("VmHWM:") / 1024.0;
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        double heap = memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
        double rss = statusKb("VmRSS:") / 1024.0;
        double[] peak = peaks.computeIfAbsent(phase, k -> new double[2]);
        peak[0] = Math.max(peak[0], heap);
        peak[1] = Math.max(peak[1], rss);
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
