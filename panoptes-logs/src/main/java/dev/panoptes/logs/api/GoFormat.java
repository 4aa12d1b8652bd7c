package dev.panoptes.logs.api;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Numbers printed as Loki prints them in its limit messages: durations as Go's
 * {@code time.Duration} does ({@code 48h0m0s}, {@code 1.5s}, {@code 250ms}) and byte counts
 * in IEC units as the {@code humanize.IBytes} function does ({@code 100 B}, {@code 1.5 KiB},
 * {@code 15 MiB}), or in SI units as {@code humanize.Bytes} does for detected field values.
 */
final class GoFormat {

    private static final String[] IEC = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] SI = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private GoFormat() {
    }

    static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (nanos < 0) {
            out.append('-');
        }
        // Long.MIN_VALUE has no positive long; BigDecimal keeps every digit either way.
        BigDecimal abs = BigDecimal.valueOf(nanos).abs();
        if (abs.compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
            String unit;
            BigDecimal scaled;
            if (abs.compareTo(BigDecimal.valueOf(1_000)) < 0) {
                return out.append(abs.toPlainString()).append("ns").toString();
            } else if (abs.compareTo(BigDecimal.valueOf(1_000_000)) < 0) {
                unit = "µs";
                scaled = abs.movePointLeft(3);
            } else {
                unit = "ms";
                scaled = abs.movePointLeft(6);
            }
            return out.append(plain(scaled)).append(unit).toString();
        }
        BigDecimal[] hours = abs.divideAndRemainder(BigDecimal.valueOf(3_600_000_000_000L));
        BigDecimal[] minutes = hours[1].divideAndRemainder(BigDecimal.valueOf(60_000_000_000L));
        if (hours[0].signum() > 0) {
            out.append(hours[0].toPlainString()).append('h');
        }
        if (hours[0].signum() > 0 || minutes[0].signum() > 0) {
            out.append(minutes[0].toPlainString()).append('m');
        }
        return out.append(plain(minutes[1].movePointLeft(9))).append('s').toString();
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    static String iecBytes(long bytes) {
        return humanBytes(bytes, 1024, IEC);
    }

    /** A byte count in SI units, as {@code humanize.Bytes} writes it ({@code 9 B}, {@code 1.0 kB}, {@code 83 MB}). */
    static String siBytes(long bytes) {
        return humanBytes(bytes, 1000, SI);
    }

    private static String humanBytes(long bytes, int base, String[] units) {
        if (bytes < 10) {
            return bytes + " B";
        }
        int exponent = (int) Math.floor(Math.log(bytes) / Math.log(base));
        exponent = Math.min(exponent, units.length - 1);
        double value = Math.floor(bytes / Math.pow(base, exponent) * 10 + 0.5) / 10;
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[exponent]);
    }
}
