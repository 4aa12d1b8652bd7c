package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import java.util.regex.Pattern;

/** Numbers as scripts write them, and values printed back in script notation for failure messages. */
final class ValueText {

    /**
     * A value-sequence number: decimal with optional fraction and exponent, or Inf/NaN in any
     * case, each with an optional sign. No hexadecimal, no durations.
     */
    static final Pattern NUMBER = Pattern.compile(
            "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF]|[nN][aA][nN])");

    private static final Pattern GO_INTEGER = Pattern.compile(
            "[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)");
    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?(?:(?:[0-9](?:_?[0-9])*\\.?(?:[0-9](?:_?[0-9])*)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9]+)?"
                    + "|(?i:inf|infinity|nan))");

    private ValueText() {
    }

    /** Parses text that {@link #NUMBER} matched. */
    static double parseNumber(String s) {
        String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        boolean negative = s.startsWith("-");
        if (unsigned.equalsIgnoreCase("inf")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    /**
     * Parses an expected scalar line: an integer in Go's notation (decimal, {@code 0x}, {@code 0o},
     * {@code 0b}, a leading {@code 0} for octal, {@code _} separators), else a float.
     *
     * @return the value, or null when the line is not a number
     */
    static Double parseScalarLine(String s) {
        if (GO_INTEGER.matcher(s).matches()) {
            boolean negative = s.startsWith("-");
            String digits = (s.startsWith("+") || negative ? s.substring(1) : s).replace("_", "");
            int radix = 10;
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                char p = Character.toLowerCase(digits.charAt(1));
                radix = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 8;
                digits = p == 'x' || p == 'o' || p == 'b' ? digits.substring(2) : digits.substring(1);
            }
            try {
                long v = Long.parseLong(digits, radix);
                return (double) (negative ? -v : v);
            } catch (NumberFormatException e) {
                // Out of int64 range: Go falls back to float parsing, as below.
            }
        }
        if (GO_FLOAT.matcher(s).matches()) {
            String plain = s.replace("_", "");
            String unsigned = plain.startsWith("+") || plain.startsWith("-") ? plain.substring(1) : plain;
            if (unsigned.toLowerCase(java.util.Locale.ROOT).startsWith("inf")) {
                return plain.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (unsigned.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            return Double.parseDouble(plain);
        }
        return null;
    }

    static String formatFloat(double v) {
        if (ValueSequence.isStale(v)) {
            return "stale";
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A histogram in the script's {@code {{...}}} notation (buckets listed span by span). */
    static String formatHistogram(FloatHistogram h) {
        return formatHistogram(h, true);
    }

    /** As {@link #formatHistogram(FloatHistogram)}, the counter-reset hint only when {@code withHint}. */
    static String formatHistogram(FloatHistogram h, boolean withHint) {
        StringBuilder out = new StringBuilder("{{");
        if (h.schema() != 0) {
            out.append("schema:").append(h.schema()).append(' ');
        }
        out.append("count:").append(formatFloat(h.count())).append(" sum:").append(formatFloat(h.sum()));
        if (h.zeroThreshold() != 0) {
            out.append(" z_bucket_w:").append(formatFloat(h.zeroThreshold()));
        }
        if (h.zeroCount() != 0) {
            out.append(" z_bucket:").append(formatFloat(h.zeroCount()));
        }
        buckets(" offset:", " buckets:", h.positiveSpans(), h.positiveBuckets(), out);
        buckets(" n_offset:", " n_buckets:", h.negativeSpans(), h.negativeBuckets(), out);
        if (h.customValues().length > 0) {
            out.append(" custom_values:[");
            for (int i = 0; i < h.customValues().length; i++) {
                out.append(i > 0 ? " " : "").append(formatFloat(h.customValues()[i]));
            }
            out.append(']');
        }
        if (!withHint) {
            return out.append("}}").toString();
        }
        out.append(" counter_reset_hint:").append(switch (h.counterResetHint()) {
            case UNKNOWN -> "unknown";
            case COUNTER_RESET -> "reset";
            case NOT_COUNTER_RESET -> "not_reset";
            case GAUGE -> "gauge";
        });
        return out.append("}}").toString();
    }

    private static void buckets(String offsetKey, String key, Span[] spans, double[] counts, StringBuilder out) {
        if (counts.length == 0) {
            return;
        }
        if (spans.length == 1) {
            out.append(offsetKey).append(spans[0].offset());
        } else {
            out.append(" spans:").append(java.util.Arrays.toString(spans));
        }
        out.append(key).append('[');
        for (int i = 0; i < counts.length; i++) {
            out.append(i > 0 ? " " : "").append(formatFloat(counts[i]));
        }
        out.append(']');
    }
}
