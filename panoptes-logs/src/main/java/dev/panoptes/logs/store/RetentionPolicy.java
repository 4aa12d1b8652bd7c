package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.time.Duration;
import java.util.List;

/**
 * How long a tenant's logs are kept (Loki's {@code retention_period} and {@code retention_stream}):
 * a stream matched by stream rules keeps its entries for the period of the rule with the highest
 * priority (among equal priorities, the shortest period); other streams for {@code period}. A zero
 * period keeps entries for ever. Compaction deletes whole chunks whose newest entry is older than
 * that, and whole blocks when nothing in them is kept.
 */
public record RetentionPolicy(Duration period, List<StreamRule> streamRules) {

    /** Keeps everything. */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(Duration.ZERO, List.of());

    public RetentionPolicy {
        streamRules = List.copyOf(streamRules);
        if (period.isNegative()) {
            throw new IllegalArgumentException("retention_period must not be negative");
        }
    }

    /** One {@code retention_stream} entry: the streams its selector matches keep entries for {@code period}. */
    public record StreamRule(List<LabelMatcher> selector, Duration period, int priority) {
        public StreamRule {
            selector = List.copyOf(selector);
            if (period.isNegative()) {
                throw new IllegalArgumentException("retention_stream period must not be negative");
            }
        }

        boolean matches(Labels labels) {
            for (LabelMatcher m : selector) {
                String value = labels.get(m.name());
                if (!m.matches(value == null ? "" : value)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** How long {@code stream} keeps its entries. */
    public Duration periodFor(Labels stream) {
        StreamRule chosen = null;
        for (StreamRule rule : streamRules) {
            if (rule.matches(stream) && (chosen == null || rule.priority() > chosen.priority()
                    || rule.priority() == chosen.priority() && rule.period().compareTo(chosen.period()) < 0)) {
                chosen = rule;
            }
        }
        return chosen != null ? chosen.period() : period;
    }

    /** Entries of {@code stream} older than this (nanoseconds) are past retention at {@code nowNanos}; MIN_VALUE when kept for ever. */
    long cutoffNanos(Labels stream, long nowNanos) {
        Duration keep = periodFor(stream);
        return keep.isZero() ? Long.MIN_VALUE : nowNanos - keep.toNanos();
    }
}
