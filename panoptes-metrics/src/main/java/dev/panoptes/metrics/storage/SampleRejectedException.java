package dev.panoptes.metrics.storage;

import java.util.EnumMap;
import java.util.Map;

/**
 * A sample, histogram or exemplar that storage refused, with the reason. The rest of the batch
 * is unaffected. Rejections are frequent under some loads (a client replaying old data), so one
 * shared instance per reason is thrown, without a stack trace: the reason is the whole message,
 * and the caller knows which series it was appending.
 */
public final class SampleRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why storage refused an append. The names double as the {@code reason} label of rejection counters. */
    public enum Reason {
        /** Older than the newest sample of its series, outside the out-of-order window. */
        OUT_OF_ORDER("out of order sample"),
        /** Older than the oldest time the head still accepts. */
        TOO_OLD("out of bounds: sample timestamp is older than the oldest accepted time"),
        /** Same timestamp as an existing sample but a different value. */
        DUPLICATE_TIMESTAMP("duplicate sample for timestamp with a different value"),
        /** The tenant already has as many active series as its limit allows. */
        SERIES_LIMIT("per-tenant active series limit reached"),
        METRIC_SERIES_LIMIT("per-metric series limit reached"),
        /** The labels cannot identify a series (empty, invalid or unsorted). */
        INVALID_LABELS("invalid labels"),
        /** An exemplar older than the newest exemplar of its series. */
        EXEMPLAR_OUT_OF_ORDER("out of order exemplar"),
        /** An exemplar whose labels exceed the 128-rune limit of OpenMetrics. */
        EXEMPLAR_LABELS_TOO_LONG("exemplar labels exceed 128 UTF-8 characters");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private static final Map<Reason, SampleRejectedException> INSTANCES = new EnumMap<>(Reason.class);

    static {
        for (Reason reason : Reason.values()) {
            INSTANCES.put(reason, new SampleRejectedException(reason));
        }
    }

    private final Reason reason;

    private SampleRejectedException(Reason reason) {
        super(reason.message(), null, false, false);
        this.reason = reason;
    }

    /** The shared exception for {@code reason}. */
    public static SampleRejectedException of(Reason reason) {
        return INSTANCES.get(reason);
    }

    public Reason reason() {
        return reason;
    }
}
