package dev.panoptes.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed queries of the query latency benchmark, written against the {@link
 * SyntheticWorkload.Naming#SHARED} fleet, and the two ranges each is run over. Immutable.
 *
 * <p>Ranges end 30 s past a whole minute while samples sit half a second (plus jitter) past
 * whole minutes, so that no sample falls on the edge of a range window: that keeps Prometheus
 * 2's closed windows and Prometheus 3's left-open ones from seeing different samples. The
 * subquery's own one-minute grid does fall on its window's edge at the 1 h range's steps on
 * whole minutes; that difference is expected and explained in the report.
 */
record QuerySet(List<Query> queries, List<Range> ranges) {

    /**
     * One PromQL expression, named for the report.
     *
     * @param knownDifference why Prometheus 2 answers it differently from Panoptes, when it does for
     *     a known reason (printed when the answers differ), or null
     */
    record Query(String name, String promql, String knownDifference) {
        Query(String name, String promql) {
            this(name, promql, null);
        }
    }

    /** A range query's span and resolution, both in milliseconds. */
    record Range(String name, long durationMillis, long stepMillis) {
        /** Points evaluated per series: both ends are included. */
        long points() {
            return durationMillis / stepMillis + 1;
        }
    }

    /** One query over one range, at absolute times (milliseconds). */
    record Run(Query query, Range range, long startMillis, long endMillis) {
    }

    /** How far before a range's start the queries read: the 30 m subquery over a 5 m rate. */
    static final long LOOKBEHIND_MILLIS = 35 * 60_000L;

    static QuerySet standard() {
        return new QuerySet(List.of(
                new Query("rate", "rate(node_network_receive_bytes_total[5m])"),
                new Query("sum-by-rate", "sum by (job) (rate(node_network_receive_bytes_total[5m]))"),
                new Query("histogram-quantile", "histogram_quantile(0.9, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))"),
                new Query("topk", "topk(10, rate(node_cpu_seconds_total[5m]))",
                        "series of one host share their scrape times, so equal increases give equal rates; where the 10th place is tied,"
                                + " which of the equal series topk keeps depends on the order it meets them in, which PromQL leaves open"),
                new Query("regex", "rate(node_network_receive_bytes_total{instance=~\"host-.*[13579]:9100\", device=~\"eth[0-4]\"}[5m])"),
                new Query("subquery", "max_over_time(rate(node_cpu_seconds_total[5m])[30m:1m])",
                        "at steps on a whole minute the subquery's oldest point, t - 30m, sits on its window's edge: Prometheus 2's closed"
                                + " window [t - 30m, t] keeps it, Prometheus 3's and Panoptes' left-open (t - 30m, t] does not"),
                new Query("join", "node_hwmon_temp_celsius / on (instance, job) group_left node_memory_bytes{kind=\"k0\", group=\"7\"}")),
                List.of(new Range("1h", 3_600_000L, 15_000L), new Range("24h", 86_400_000L, 120_000L)));
    }

    /**
     * Every query over every range, ranges ending at the last whole minute at or before
     * {@code lastSampleMillis}, plus 30 s (see the class comment).
     */
    List<Run> runs(long lastSampleMillis) {
        long end = Math.floorDiv(lastSampleMillis, 60_000L) * 60_000L + 30_000L;
        if (end > lastSampleMillis) {
            end -= 60_000L;
        }
        List<Run> runs = new ArrayList<>();
        for (Range range : ranges) {
            for (Query query : queries) {
                runs.add(new Run(query, range, end - range.durationMillis(), end));
            }
        }
        return runs;
    }

    /** The longest range, which with {@link #LOOKBEHIND_MILLIS} is the span the data must cover. */
    long longestRangeMillis() {
        long longest = 0;
        for (Range range : ranges) {
            longest = Math.max(longest, range.durationMillis());
        }
        return longest;
    }
}
