package dev.panoptes.metrics.promql.parser;

import dev.panoptes.core.time.Durations;
import java.time.Duration;

/**
 * PromQL duration literals ({@code 1h30m}, {@code 5m}, {@code 100ms}): units from largest to
 * smallest, each at most once, and their rendering back to the shortest text.
 */
final class DurationText {

    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    private DurationText() {
    }

    static boolean isValid(String text) {
        return parseMillis(text) >= 0;
    }

    /** The duration in milliseconds, or -1 when the text is not a valid duration. */
    static long parseMillis(String text) {
        int pos = 0;
        int nextUnit = 0;
        long total = 0;
        if (text.isEmpty()) {
            return -1;
        }
        while (pos < text.length()) {
            int digitsStart = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == digitsStart) {
                return -1;
            }
            long n;
            try {
                n = Long.parseLong(text, digitsStart, pos, 10);
            } catch (NumberFormatException e) {
                return -1;
            }
            int unit = -1;
            for (int u = nextUnit; u < UNITS.length; u++) {
                if (text.startsWith(UNITS[u], pos) && !(UNITS[u].equals("m") && text.startsWith("ms", pos))) {
                    unit = u;
                    break;
                }
            }
            if (unit < 0) {
                return -1;
            }
            pos += UNITS[unit].length();
            nextUnit = unit + 1;
            if (n > Long.MAX_VALUE / UNIT_MILLIS[unit]) {
                return -1;
            }
            total = Math.addExact(total, n * UNIT_MILLIS[unit]);
        }
        return total;
    }

    /** Renders milliseconds the way Prometheus prints a duration ({@code 1h30m}, {@code 0s}). */
    static String format(long millis) {
        return Durations.format(Duration.ofMillis(millis));
    }
}
