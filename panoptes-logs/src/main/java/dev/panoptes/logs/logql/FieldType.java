package dev.panoptes.logs.logql;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The type {@code /detected_fields} reports for a value, tried in Loki's order: {@code int}
 * (a base-10 64-bit integer), {@code float} (Go's float syntax, {@code inf} and {@code nan}
 * included, in range), {@code boolean} (Go's spellings: {@code true}, {@code T}, {@code 0}...),
 * {@code duration} (Go's {@code 1h30m}, {@code 250ms}), {@code bytes} (a number with a size unit
 * such as {@code 10 MB}, {@code 5KiB} or {@code 1,024}), else {@code string}.
 */
final class FieldType {

    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|0[xX]([0-9a-fA-F]+(\\.[0-9a-fA-F]*)?|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)");
    private static final Pattern INF_NAN = Pattern.compile("[+-]?(?i:inf|infinity|nan)");
    private static final Set<String> BOOLEANS = Set.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False");
    private static final Pattern DURATION = Pattern.compile("[+-]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)");
    private static final Pattern BYTES_NUMBER = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");
    private static final double MAX_UINT64 = 18446744073709551615.0;
    /** Size names and their multipliers, as the byte parser Loki uses reads them (lower case). */
    private static final Map<String, Double> BYTE_UNITS = Map.ofEntries(Map.entry("", 1.0), Map.entry("b", 1.0),
            Map.entry("k", 1e3), Map.entry("kb", 1e3), Map.entry("ki", 0x1p10), Map.entry("kib", 0x1p10),
            Map.entry("m", 1e6), Map.entry("mb", 1e6), Map.entry("mi", 0x1p20), Map.entry("mib", 0x1p20),
            Map.entry("g", 1e9), Map.entry("gb", 1e9), Map.entry("gi", 0x1p30), Map.entry("gib", 0x1p30),
            Map.entry("t", 1e12), Map.entry("tb", 1e12), Map.entry("ti", 0x1p40), Map.entry("tib", 0x1p40),
            Map.entry("p", 1e15), Map.entry("pb", 1e15), Map.entry("pi", 0x1p50), Map.entry("pib", 0x1p50),
            Map.entry("e", 1e18), Map.entry("eb", 1e18), Map.entry("ei", 0x1p60), Map.entry("eib", 0x1p60));

    private FieldType() {
    }

    static String of(String value) {
        if (isInt(value)) {
            return "int";
        }
        if (isFloat(value)) {
            return "float";
        }
        if (BOOLEANS.contains(value)) {
            return "boolean";
        }
        if (DURATION.matcher(value).matches()) {
            return "duration";
        }
        if (isBytes(value)) {
            return "bytes";
        }
        return "string";
    }

    private static boolean isInt(String value) {
        if (!INT.matcher(value).matches()) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isFloat(String value) {
        if (INF_NAN.matcher(value).matches()) {
            return true;
        }
        // Out of range is an error to Go's parser, not an infinity.
        return FLOAT.matcher(value).matches() && Double.isFinite(Double.parseDouble(value));
    }

    private static boolean isBytes(String value) {
        int digits = 0;
        boolean comma = false;
        while (digits < value.length()) {
            char c = value.charAt(digits);
            if (!(c >= '0' && c <= '9') && c != '.' && c != ',') {
                break;
            }
            comma |= c == ',';
            digits++;
        }
        String number = value.substring(0, digits);
        if (comma) {
            number = number.replace(",", "");
        }
        if (!BYTES_NUMBER.matcher(number).matches()) {
            return false;
        }
        Double unit = BYTE_UNITS.get(value.substring(digits).strip().toLowerCase(Locale.ROOT));
        return unit != null && Double.parseDouble(number) * unit < MAX_UINT64;
    }
}
