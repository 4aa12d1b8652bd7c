package dev.panoptes.metrics.promql;

/**
 * What a sample's start timestamp (when its counter started counting; 0 when unknown) tells the
 * counter functions. Only the samples that {@code rate}, {@code increase}, {@code irate} and
 * {@code resets} read straight from a range selector carry start timestamps; anything computed
 * (a subquery's points, say) has none, so these rules then fall back to the values alone.
 */
final class StartTimestamps {

    private StartTimestamps() {
    }

    /** Whether the function reads start timestamps of its range selector's samples. */
    static boolean usedBy(String function) {
        return switch (function) {
            case "rate", "increase", "irate", "resets" -> true;
            default -> false;
        };
    }

    /**
     * Whether the counter restarted between the previous sample and the current one, as their
     * start timestamps show. A current start after the previous sample means a new count began
     * in between. A start exactly at the previous sample is a delta sample (a reset each time)
     * when the previous sample had a real start of its own, but a cumulative series whose start
     * is unknown (OpenTelemetry marks that by starting each sample where the last one was) when
     * it had none. Missing starts, starts not before their sample, and starts before the previous
     * sample (the same count going on) are no reset.
     */
    static boolean isReset(long previousStart, long previousT, long start, long t) {
        if (start == 0 || start >= t || start < previousT) {
            return false;
        }
        if (start > previousT) {
            return true;
        }
        // start == previousT: a delta sample, unless the previous start is unknown or invalid.
        return previousStart != 0 && previousStart != previousT && previousStart < previousT;
    }

    /**
     * Whether the current sample's count claims to have begun before the previous sample while
     * not continuing that sample's count: the two samples then cover overlapping time, which
     * neither a cumulative series (same start) nor a delta series (start at the previous sample)
     * does.
     */
    static boolean overlaps(long previousStart, long previousT, long start) {
        return start != 0 && start < previousT && start != previousStart;
    }

    /** The warning for {@link #overlaps}, once per series. */
    static String overlapWarning(String metricName) {
        return "sample has start time that overlaps with previous sample timestamp for metric " + Annotations.quote(metricName);
    }
}
