package dev.panoptes.metrics.promql;

import dev.panoptes.core.labels.Labels;

import dev.panoptes.metrics.promql.parser.Expr;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The warnings and infos one query collects, rendered as Prometheus renders them: {@code PromQL
 * warning: <detail> (<line>:<column>)}, where the position is the start of the sub-expression the
 * annotation is about. Duplicates collapse; order of first occurrence is kept. Not thread-safe:
 * a thread evaluating part of a query writes to a {@link #child} and the query's thread merges
 * the children in the order of the parts ({@link #addAll}), which keeps the serial order.
 */
final class Annotations {

    private final String query;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final Set<String> infos = new LinkedHashSet<>();
    private Map<Expr, Integer> positions = new IdentityHashMap<>();

    Annotations(String query) {
        this.query = query;
    }

    void positions(Map<Expr, Integer> positions) {
        this.positions = positions;
    }

    /** Empty annotations of the same query, positions included, for one part evaluated apart. */
    Annotations child() {
        Annotations c = new Annotations(query);
        c.positions = positions;
        return c;
    }

    /** Adds {@code other}'s annotations after these, as if they had been raised here in that order. */
    void addAll(Annotations other) {
        warnings.addAll(other.warnings);
        infos.addAll(other.infos);
        for (Map.Entry<String, Monotonicity> e : other.monotonicity.entrySet()) {
            Monotonicity o = e.getValue();
            Monotonicity m = monotonicity.get(e.getKey());
            if (m == null) {
                monotonicity.put(e.getKey(), o.copy());
                continue;
            }
            m.minTs = Math.min(m.minTs, o.minTs);
            m.maxTs = Math.max(m.maxTs, o.maxTs);
            m.minBucket = Math.min(m.minBucket, o.minBucket);
            m.maxBucket = Math.max(m.maxBucket, o.maxBucket);
            m.maxDiff = Math.max(m.maxDiff, o.maxDiff);
            m.count += o.count;
        }
    }

    void warn(String detail, Expr node) {
        warnings.add("PromQL warning: " + detail + position(node));
    }

    void info(String detail, Expr node) {
        infos.add("PromQL info: " + detail + position(node));
    }

    /**
     * histogram_quantile had to make classic bucket counts monotonic. Occurrences at several
     * steps merge into one info that spans them, as Prometheus reports it.
     */
    void monotonicityFixed(String metricName, Expr node, long ts, double minBucket, double maxBucket, double maxDiff) {
        String key = (metricName == null ? "" : metricName) + position(node);
        Monotonicity m = monotonicity.get(key);
        if (m == null) {
            monotonicity.put(key, new Monotonicity(metricName, position(node), ts, minBucket, maxBucket, maxDiff));
            return;
        }
        m.minTs = Math.min(m.minTs, ts);
        m.maxTs = Math.max(m.maxTs, ts);
        m.minBucket = Math.min(m.minBucket, minBucket);
        m.maxBucket = Math.max(m.maxBucket, maxBucket);
        m.maxDiff = Math.max(m.maxDiff, maxDiff);
        m.count++;
    }

    private static final class Monotonicity {
        final String metricName;
        final String position;
        long minTs;
        long maxTs;
        double minBucket;
        double maxBucket;
        double maxDiff;
        int count = 1;

        Monotonicity(String metricName, String position, long ts, double minBucket, double maxBucket, double maxDiff) {
            this.metricName = metricName;
            this.position = position;
            this.minTs = ts;
            this.maxTs = ts;
            this.minBucket = minBucket;
            this.maxBucket = maxBucket;
            this.maxDiff = maxDiff;
        }

        Monotonicity copy() {
            Monotonicity c = new Monotonicity(metricName, position, minTs, minBucket, maxBucket, maxDiff);
            c.maxTs = maxTs;
            c.count = count;
            return c;
        }

        String render() {
            String name = metricName == null || metricName.isEmpty() ? "" : " for metric name " + quote(metricName);
            return "PromQL info: input to histogram_quantile needed to be fixed for monotonicity "
                    + "(see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)" + name
                    + ", from buckets " + GoFormat.g(minBucket) + " to " + GoFormat.g(maxBucket) + ", with a max diff of "
                    + GoFormat.g2(maxDiff) + ", over " + count + " samples from " + rfc3339(minTs) + " to " + rfc3339(maxTs)
                    + position;
        }

        private static String rfc3339(long ms) {
            return java.time.Instant.ofEpochSecond(Math.floorDiv(ms, 1000)).toString();
        }
    }

    private final java.util.Map<String, Monotonicity> monotonicity = new java.util.LinkedHashMap<>();

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    List<String> infos() {
        List<String> all = new java.util.ArrayList<>(infos);
        for (Monotonicity m : monotonicity.values()) {
            all.add(m.render());
        }
        return all;
    }

    private String position(Expr node) {
        Integer offset = node == null ? null : positions.get(node);
        if (offset == null || offset < 0) {
            return "";
        }
        int line = 1;
        int lineStart = 0;
        byte[] bytes = query.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int end = Math.min(offset, bytes.length);
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return " (" + line + ":" + (end - lineStart + 1) + ")";
    }

    /**
     * A string literal as written in the query, quotes and escapes included, for messages that
     * quote it as Prometheus does; the decoded value quoted when the source is not known.
     */
    String literalSource(Expr.StringLiteral literal) {
        Integer offset = positions.get(literal);
        byte[] bytes = query.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (offset == null || offset < 0 || offset >= bytes.length) {
            return quote(literal.value());
        }
        byte q = bytes[offset];
        int end = offset + 1;
        while (end < bytes.length && bytes[end] != q) {
            end += (bytes[end] == '\\' && q != '`') ? 2 : 1;
        }
        return new String(bytes, offset, Math.min(end + 1, bytes.length) - offset, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Go's {@code %q} rendering of a string, which annotation texts use for metric names. */
    static String quote(String s) {
        return Labels.quote(s);
    }
}
