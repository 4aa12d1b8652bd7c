package dev.panoptes.core.time;

import java.time.Duration;

/**
 * Durations written the way Prometheus, Loki and Tempo write them in configuration files and
 * query parameters: one or more {@code <integer><unit>} terms from largest to smallest unit, with
 * units {@code y} (365 days), {@code w}, {@code d}, {@code h}, {@code m}, {@code s}, {@code ms},
 * for example {@code 90s}, {@code 1h30m} or {@code 0}.
 */
public final class Durations {

    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    private Durations() {
    }

    /**
     * Parses a duration such as {@code 1h30m}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        long totalMillis = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < text.length()) {
            int digitsStart = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i == digitsStart) {
                throw invalid(text);
            }
            long amount;
            try {
                amount = Long.parseLong(text, digitsStart, i, 10);
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            int unit = unitAt(text, i);
            if (unit < 0 || unit <= lastUnit) {
                throw invalid(text);
            }
            i += UNITS[unit].length();
            lastUnit = unit;
            try {
                totalMillis = Math.addExact(totalMillis, Math.multiplyExact(amount, UNIT_MILLIS[unit]));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration out of range: \"" + text + "\"");
            }
        }
        return Duration.ofMillis(totalMillis);
    }

    private static int unitAt(String text, int i) {
        // "ms" must be tried before "m".
        if (text.startsWith("ms", i)) {
            return 6;
        }
        for (int u = 0; u < 6; u++) {
            if (text.startsWith(UNITS[u], i)) {
                return u;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a valid duration string: \"" + text + "\" (expected for example 15s, 5m, 1h30m)");
    }

    /**
     * Formats a duration in the same notation, largest units first, such as {@code 1h30m}, as
     * Prometheus prints one: years and weeks only when they divide it exactly, so that 15 days
     * read {@code 15d} and 721 hours {@code 30d1h}, not {@code 2w1d} and {@code 4w2d1h}.
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (millis < 0) {
            out.append('-');
            millis = -millis;
        }
        for (int u = 0; u < UNITS.length; u++) {
            boolean exactOnly = u < 2;
            long amount = exactOnly && millis % UNIT_MILLIS[u] != 0 ? 0 : millis / UNIT_MILLIS[u];
            if (amount > 0) {
                out.append(amount).append(UNITS[u]);
                millis -= amount * UNIT_MILLIS[u];
            }
        }
        return out.toString();
    }
}
