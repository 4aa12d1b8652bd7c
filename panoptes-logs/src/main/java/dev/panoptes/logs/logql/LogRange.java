package dev.panoptes.logs.logql;

import java.time.Duration;

/**
 * The argument of a range aggregation, {@code {app="api"} | json | unwrap latency [5m] offset 1h}:
 * a log query, a window length, an optional shift back in time, and for aggregations over values
 * the label whose value each line contributes.
 *
 * <p>At each evaluation step {@code t} the window holds the lines with timestamps in
 * {@code (t - offset - range, t - offset]}.
 *
 * @param logs the log query whose lines fall into the window
 * @param range the window length, positive whole milliseconds as written in {@code [..]}
 * @param offset how far the window is shifted back; {@link Duration#ZERO} when the query has no {@code offset}
 *     (may be negative: Loki accepts {@code offset -1h})
 * @param unwrap the value extraction, or null when the aggregation counts lines or bytes
 */
public record LogRange(LogSelectorExpr logs, Duration range, Duration offset, Unwrap unwrap) {

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(logs.toString());
        if (unwrap != null) {
            out.append(' ').append(unwrap);
        }
        // Written as Loki's documentation writes it: attached to a bare selector, spaced after a pipeline.
        out.append(logs.pipeline().isEmpty() && unwrap == null ? "[" : " [").append(LogQLUnits.format(range)).append(']');
        if (!offset.isZero()) {
            out.append(" offset ").append(LogQLUnits.format(offset));
        }
        return out.toString();
    }
}
