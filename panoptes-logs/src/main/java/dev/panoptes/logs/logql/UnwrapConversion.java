package dev.panoptes.logs.logql;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an unwrapped label value as a number the way Loki does: a Go float
 * ({@code strconv.ParseFloat}: decimal or hexadecimal, {@code inf}, {@code nan}), a Go duration
 * in seconds ({@code 1.5s}, {@code 2h45m}, {@code 300ms}), or a byte size in the
 * {@code humanize} notation Loki uses ({@code 42}, {@code 5KB}, {@code 1.5 KiB}, case-insensitive).
 * A value that cannot be read is a {@link NotANumberException} whose message is the one Loki puts
 * in {@code __error_details__}. Stateless.
 */
final class UnwrapConversion {

    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+)");
    private static final Pattern GO_DURATION = Pattern.compile("[+-]?(?:0|(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:ns|us|µs|μs|ms|s|m|h))+)");
    private static final Map<String, Double> BYTE_UNITS = Map.ofEntries(
            Map.entry("", 1d), Map.entry("b", 1d),
            Map.entry("k", 1e3), Map.entry("kb", 1e3), Map.entry("ki", 1024d), Map.entry("kib", 1024d),
            Map.entry("m", 1e6), Map.entry("mb", 1e6), Map.entry("mi", Math.pow(2, 20)), Map.entry("mib", Math.pow(2, 20)),
            Map.entry("g", 1e9), Map.entry("gb", 1e9), Map.entry("gi", Math.pow(2, 30)), Map.entry("gib", Math.pow(2, 30)),
            Map.entry("t", 1e12), Map.entry("tb", 1e12), Map.entry("ti", Math.pow(2, 40)), Map.entry("tib", Math.pow(2, 40)),
            Map.entry("p", 1e15), Map.entry("pb", 1e15), Map.entry("pi", Math.pow(2, 50)), Map.entry("pib", Math.pow(2, 50)),
            Map.entry("e", 1e18), Map.entry("eb", 1e18), Map.entry("ei", Math.pow(2, 60)), Map.entry("eib", Math.pow(2, 60)));

    private UnwrapConversion() {
    }

    /** A label value that is not a number in the unwrap's notation; the message is Loki's error detail. */
    static final class NotANumberException extends Exception {

        private static final long serialVersionUID = 1L;

        NotANumberException(String message) {
            super(message, null, false, false);
        }
    }

    static double convert(Unwrap.Conversion conversion, String value) throws NotANumberException {
        return switch (conversion) {
            case NONE -> parseFloat(value);
            case DURATION, DURATION_SECONDS -> parseDuration(value);
            case BYTES -> parseBytes(value);
        };
    }

    static double parseFloat(String text) throws NotANumberException {
        String lower = text.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (GO_FLOAT.matcher(text).matches()) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // Falls through to Go's message.
            }
        }
        throw new NotANumberException("strconv.ParseFloat: parsing " + goQuote(text) + ": invalid syntax");
    }

    static double parseDuration(String text) throws NotANumberException {
        if (!GO_DURATION.matcher(text).matches()) {
            throw new NotANumberException("time: invalid duration " + goQuote(text));
        }
        try {
            return LogQLUnits.duration(text).toNanos() / 1e9;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new NotANumberException("time: invalid duration " + goQuote(text));
        }
    }

    static double parseBytes(String text) throws NotANumberException {
        int split = 0;
        while (split < text.length() && (Character.isDigit(text.charAt(split)) || text.charAt(split) == '.')) {
            split++;
        }
        String number = text.substring(0, split).replace(",", "");
        String unit = text.substring(split).strip().toLowerCase(Locale.ROOT);
        double value;
        try {
            value = new BigDecimal(number).doubleValue();
        } catch (NumberFormatException e) {
            throw new NotANumberException("strconv.ParseFloat: parsing " + goQuote(number) + ": invalid syntax");
        }
        Double multiplier = BYTE_UNITS.get(unit);
        if (multiplier == null) {
            throw new NotANumberException("unhandled size name: " + unit);
        }
        return Math.floor(value * multiplier);
    }

    private static String goQuote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
