package dev.panoptes.logs.logql.template;

import dev.panoptes.core.labels.Labels;

import java.math.BigDecimal;

/**
 * Reading label values as numbers, durations and byte sizes the way Loki's Go code reads them
 * ({@code strconv.ParseFloat}, {@code time.ParseDuration}, go-humanize's {@code ParseBytes}), with
 * the same error texts, which become {@code __error_details__}. Stateless.
 */
public final class GoValues {

    /** A value that does not read; the message is Go's. */
    public static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    private GoValues() {
    }

    /** {@code strconv.ParseFloat(s, 64)}: decimal or hex floats, {@code inf}, {@code nan}, underscores only between digits. */
    public static double parseFloat(String s) throws BadValue {
        if (isPlainDecimal(s)) {
            return Double.parseDouble(s);
        }
        String t = s;
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (t.indexOf('_') >= 0) {
            if (!unsigned.startsWith("0x") && !unsigned.startsWith("0b") && !unsigned.startsWith("0o")) {
                throw syntax(s);
            }
            t = t.replace("_", "");
        }
        if (!isGoFloat(t)) {
            throw syntax(s);
        }
        double v = Double.parseDouble(t.startsWith("0x") || t.startsWith("0X") || t.startsWith("-0x") || t.startsWith("+0x")
                ? hexWithExponent(t) : t);
        if (Double.isInfinite(v)) {
            throw new BadValue("strconv.ParseFloat: parsing " + quote(s) + ": value out of range");
        }
        return v;
    }

    /** {@code -?[0-9]+(.[0-9]+)?}, the common case, checked without a regex. */
    private static boolean isPlainDecimal(String s) {
        int n = s.length();
        int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        int digits = 0;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot && digits > 0 && i + 1 < n) {
                dot = true;
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    private static String hexWithExponent(String t) {
        return t.toLowerCase(java.util.Locale.ROOT).contains("p") ? t : t + "p0";
    }

    private static final java.util.regex.Pattern GO_FLOAT = java.util.regex.Pattern.compile("[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?)");

    private static boolean isGoFloat(String t) {
        return GO_FLOAT.matcher(t).matches();
    }

    private static BadValue syntax(String s) {
        return new BadValue("strconv.ParseFloat: parsing " + quote(s) + ": invalid syntax");
    }

    /** {@code time.ParseDuration}: Go's units only ({@code ns us µs ms s m h}), no days. */
    public static long parseDurationNanos(String s) throws BadValue {
        try {
            return durationNanos(s);
        } catch (IllegalArgumentException e) {
            throw new BadValue("time: invalid duration " + quote(s));
        }
    }

    private static final java.util.Map<String, Long> GO_UNITS = java.util.Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    /**
     * Go's duration syntax: an optional sign, then one or more decimal numbers each with a unit
     * ({@code 1h30m}, {@code 1.5s}, {@code -250ms}); {@code 0} alone needs no unit.
     *
     * @throws IllegalArgumentException {@code invalid duration "..."} or {@code ...: out of range}
     */
    public static long durationNanos(String text) {
        int i = 0;
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return 0;
        }
        if (i == text.length()) {
            throw invalidDuration(text);
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            String number = text.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalidDuration(text);
            }
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            Long unit = GO_UNITS.get(text.substring(unitStart, i));
            if (unit == null) {
                throw invalidDuration(text);
            }
            total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(BigDecimal.valueOf(unit)));
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": out of range");
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }

    private static IllegalArgumentException invalidDuration(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\"");
    }

    /** go-humanize's {@code ParseBytes}: a number (commas allowed), then an optional SI or IEC unit in any case. */
    public static long parseBytes(String s) throws BadValue {
        int digits = 0;
        boolean comma = false;
        while (digits < s.length()) {
            char c = s.charAt(digits);
            if (!(Character.isDigit(c) || c == '.' || c == ',')) {
                break;
            }
            comma |= c == ',';
            digits++;
        }
        String number = s.substring(0, digits);
        if (comma) {
            number = number.replace(",", "");
        }
        double f = parseFloat(number);
        String unit = s.substring(digits).strip().toLowerCase(java.util.Locale.ROOT);
        long multiplier = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1000L;
            case "ki", "kib" -> 1L << 10;
            case "m", "mb" -> 1000_000L;
            case "mi", "mib" -> 1L << 20;
            case "g", "gb" -> 1000_000_000L;
            case "gi", "gib" -> 1L << 30;
            case "t", "tb" -> 1000_000_000_000L;
            case "ti", "tib" -> 1L << 40;
            case "p", "pb" -> 1000_000_000_000_000L;
            case "pi", "pib" -> 1L << 50;
            case "e", "eb" -> 1000_000_000_000_000_000L;
            case "ei", "eib" -> 1L << 60;
            default -> throw new BadValue("unhandled size name: " + unit);
        };
        BigDecimal value = BigDecimal.valueOf(f).multiply(BigDecimal.valueOf(multiplier));
        if (value.compareTo(new BigDecimal("18446744073709551615")) >= 0) {
            throw new BadValue("too large: " + s);
        }
        return value.longValue();
    }

    /** Go's {@code %q} / {@code strconv.Quote} for the characters label values hold. */
    public static String quote(String s) {
        return Labels.quote(s);
    }
}
