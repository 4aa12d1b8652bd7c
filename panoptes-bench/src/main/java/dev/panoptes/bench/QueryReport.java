package dev.panoptes.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The printed results of the query latency benchmark: per-query lines, the table, and the closing line. */
final class QueryReport {

    private QueryReport() {
    }

    static String progressLine(QueryLatency.Measured m) {
        String what = String.format(Locale.ROOT, "%-20s %-4s", m.run().query().name(), m.run().range().name());
        if (m.error() != null) {
            return what + "  error: " + m.error();
        }
        return String.format(Locale.ROOT, "%s  %6d series %9d points  panoptes %9.1f ms  prometheus %9.1f ms  %s", what, m.series(), m.points(),
                LatencyStats.quantile(m.panoptesMillis(), 0.5), LatencyStats.quantile(m.prometheusMillis(), 0.5), agreement(m));
    }

    /** "same result", or how many points differ and why when that is known. */
    static String agreement(QueryLatency.Measured m) {
        ResultComparison c = m.comparison();
        if (c.agrees()) {
            return "same result";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "DIFFERS: %d of %d points, %d series only in Panoptes, %d only in Prometheus (first: %s)",
                c.pointsDiffering(), c.pointsCompared(), c.onlyLeft(), c.onlyRight(), c.example()));
        if (c.sameValuesPerStep()) {
            text.append("; every step has the same values on both sides, only on different series: a choice among equal values");
        }
        String known = m.run().query().knownDifference();
        text.append(known != null ? "; why: " + known : "; not explained");
        return text.toString();
    }

    /** The per-query table, in Markdown so that it can go into docs/benchmarks.md as printed. */
    static void print(List<QueryLatency.Measured> measured, int repetitions) {
        System.out.printf(Locale.ROOT, "%nrange queries, up to %d repetitions each after warm-up, latency in ms (full response received):%n%n", repetitions);
        System.out.println("| query | range (step) | series | runs | Panoptes median | Panoptes p99 | Prometheus median | Prometheus p99 | ratio of medians | result |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (QueryLatency.Measured m : measured) {
            QuerySet.Range range = m.run().range();
            String head = String.format(Locale.ROOT, "| `%s` | %s (%d s) |", m.run().query().promql().replace("|", "\\|"), range.name(),
                    range.stepMillis() / 1000);
            if (m.error() != null) {
                System.out.println(head + " | | | | | | | error: " + m.error().replace("|", "\\|") + " |");
                continue;
            }
            double pm = LatencyStats.quantile(m.panoptesMillis(), 0.5);
            double qm = LatencyStats.quantile(m.prometheusMillis(), 0.5);
            System.out.printf(Locale.ROOT, "%s %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %s |%n", head, m.series(), m.panoptesMillis().length, pm,
                    LatencyStats.quantile(m.panoptesMillis(), 0.99), qm, LatencyStats.quantile(m.prometheusMillis(), 0.99), pm / qm,
                    m.comparison().agrees() ? "same" : String.format(Locale.ROOT, "%d of %d points differ", m.comparison().pointsDiffering(),
                            m.comparison().pointsCompared()));
        }
    }

    /** The closing line: geometric means of the per-query medians, over the queries both systems answered. */
    static void printSummaryLine(List<QueryLatency.Measured> measured) {
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        int failed = 0;
        for (QueryLatency.Measured m : measured) {
            if (m.error() != null) {
                failed++;
                continue;
            }
            ours.add(LatencyStats.quantile(m.panoptesMillis(), 0.5));
            theirs.add(LatencyStats.quantile(m.prometheusMillis(), 0.5));
        }
        if (ours.isEmpty()) {
            System.out.println("query-latency: panoptes=n/a prometheus=n/a (every query failed)");
            return;
        }
        double p = LatencyStats.geometricMean(ours.stream().mapToDouble(Double::doubleValue).toArray());
        double q = LatencyStats.geometricMean(theirs.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf(Locale.ROOT, "%nquery-latency: panoptes=%.1f prometheus=%.1f ratio=%.2f (geometric mean of the median ms of %d queries%s)%n",
                p, q, p / q, ours.size(), failed == 0 ? "" : "; " + failed + " failed and are left out");
    }
}
