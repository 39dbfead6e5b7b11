package fr.intrascol.sync.tools.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles of measured values (nearest-rank on the sorted values). */
public final class Stats {

    private Stats() {
    }

    public static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. */
    public static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
