package dev.panoptes.logs.logql;

import dev.panoptes.core.time.Durations;
import dev.panoptes.logs.logql.template.GoValues;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The literals of LogQL that carry a unit, read and printed the way Loki reads them:
 *
 * <ul>
 *   <li>range durations ({@code [5m]}): Prometheus notation only, {@code 1h30m}, whole units from
 *       {@code y} down to {@code ms};
 *   <li>other durations (offsets, duration label filters): Prometheus notation, or failing that Go's
 *       ({@code 1.5h}, {@code 100us}, {@code -5m}, fractions and a sign allowed);
 *   <li>byte sizes ({@code 10KB}, {@code 1.5KiB}): decimal units are powers of 1000, {@code i} units
 *       powers of 1024, unit letters in any case.
 * </ul>
 *
 * <p>The printers write text that these readers read back to the same value. Stateless.
 */
final class LogQLUnits {

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final Map<String, Long> GO_UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", NANOS_PER_MILLI,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final Map<String, Long> BYTE_UNITS = Map.ofEntries(
            Map.entry("b", 1L), Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gi", 1L << 30), Map.entry("gib", 1L << 30),
            Map.entry("t", 1000_000_000_000L), Map.entry("tb", 1000_000_000_000L), Map.entry("ti", 1L << 40), Map.entry("tib", 1L << 40),
            Map.entry("p", 1000_000_000_000_000L), Map.entry("pb", 1000_000_000_000_000L), Map.entry("pi", 1L << 50),
            Map.entry("pib", 1L << 50));

    private LogQLUnits() {
    }

    /** The duration inside {@code [...]}. */
    static Duration rangeDuration(String text) {
        return Durations.parse(text);
    }

    static boolean isDuration(String text) {
        try {
            duration(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An offset or duration-filter value. */
    static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return Duration.ofNanos(goDuration(text));
        }
    }

    /** Go's duration syntax, as {@link GoValues#durationNanos} reads it. */
    private static long goDuration(String text) {
        return GoValues.durationNanos(text);
    }

    /**
     * Prints a duration so that {@link #duration} reads it back: Prometheus notation when it is a
     * whole number of milliseconds and not negative, Go's otherwise.
     */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos >= 0 && nanos % NANOS_PER_MILLI == 0) {
            return Durations.format(d);
        }
        StringBuilder out = new StringBuilder(nanos < 0 ? "-" : "");
        BigDecimal rest = BigDecimal.valueOf(nanos).abs();
        BigDecimal hour = BigDecimal.valueOf(GO_UNITS.get("h"));
        BigDecimal minute = BigDecimal.valueOf(GO_UNITS.get("m"));
        BigDecimal[] hours = rest.divideAndRemainder(hour);
        if (hours[0].signum() > 0) {
            out.append(hours[0].toPlainString()).append('h');
        }
        BigDecimal[] minutes = hours[1].divideAndRemainder(minute);
        if (minutes[0].signum() > 0) {
            out.append(minutes[0].toPlainString()).append('m');
        }
        if (minutes[1].signum() > 0 || out.length() <= 1) {
            out.append(minutes[1].movePointLeft(9).stripTrailingZeros().toPlainString()).append('s');
        }
        return out.toString();
    }

    static boolean isBytes(String text) {
        try {
            bytes(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A byte size such as {@code 10KB} or {@code 1.5KiB}, rounded down to whole bytes. */
    static long bytes(String text) {
        int split = 0;
        while (split < text.length() && (Character.isDigit(text.charAt(split)) || text.charAt(split) == '.')) {
            split++;
        }
        String number = text.substring(0, split);
        Long unit = BYTE_UNITS.get(text.substring(split).toLowerCase(Locale.ROOT));
        if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.') || unit == null) {
            throw new IllegalArgumentException("invalid byte size \"" + text + "\"");
        }
        BigDecimal value = new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(BigDecimal.valueOf(unit));
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("byte size \"" + text + "\" is too large");
        }
        return value.longValue();
    }

    /** Prints a byte count so that {@link #bytes} reads it back: the exact count with the unit {@code B}. */
    static String formatBytes(long bytes) {
        return bytes + "B";
    }

    /**
     * Prints a finite number so that the lexer reads it back to the same double: integers plainly,
     * others in Java's shortest round-trip form (which may use an exponent, {@code 1.0E-7}).
     */
    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
