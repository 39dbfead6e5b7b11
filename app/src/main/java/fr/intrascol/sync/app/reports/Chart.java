package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.query.FindHistoryReport.ActivePoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The active-accounts curve in a width × height box (origin top left, as SVG draws), shared by the
 * HTML (SVG) and PDF renderings so that both show the same drawing. A count holds until the next point:
 * the curve is drawn in steps (a horizontal run, then straight up or down), never as a slope between two
 * counts. The series ends at the period's end or now, whichever comes first: never in the future.
 */
record Chart(double width, double height, long max, List<double[]> points) {

    static Chart of(List<ActivePoint> series, double width, double height) {
        long max = Math.max(1, series.stream().mapToLong(ActivePoint::active).max().orElse(1));
        long first = series.isEmpty() ? 0 : series.get(0).at().toEpochMilli();
        long last = series.isEmpty() ? 1 : series.get(series.size() - 1).at().toEpochMilli();
        double span = Math.max(1, last - first);
        List<double[]> points = new ArrayList<>();
        for (ActivePoint point : series) {
            double x = (point.at().toEpochMilli() - first) / span * width;
            double y = height - (double) point.active() / max * height;
            if (!points.isEmpty()) {
                double[] before = points.get(points.size() - 1);
                if (before[1] != y) {
                    points.add(new double[]{x, before[1]});
                }
            }
            points.add(new double[]{x, y});
        }
        return new Chart(width, height, max, points);
    }
}
