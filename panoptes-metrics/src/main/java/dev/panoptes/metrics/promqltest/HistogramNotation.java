package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Reads the native-histogram notation of test scripts, the text between {@code {{} and
 * {@code }}}: space-separated {@code key:value} items such as {@code schema:0 sum:5 count:4
 * buckets:[1 2 1]}, each key at most once, bucket counts absolute. Stateless.
 */
final class HistogramNotation {

    /** A parsed histogram and whether the text stated {@code counter_reset_hint:}. */
    record Parsed(FloatHistogram histogram, boolean hintStated) {
    }

    private HistogramNotation() {
    }

    static Parsed parse(String body) {
        Fields f = new Fields();
        Set<String> seen = new HashSet<>();
        int pos = 0;
        while (true) {
            pos = skipSpaces(body, pos);
            if (pos >= body.length()) {
                break;
            }
            int colon = body.indexOf(':', pos);
            if (colon < 0) {
                throw new IllegalArgumentException("expected key:value in histogram, got \"" + body.substring(pos) + "\"");
            }
            String key = body.substring(pos, colon).trim();
            if (!seen.add(key)) {
                throw new IllegalArgumentException("duplicate key \"" + key + "\" in histogram");
            }
            pos = skipSpaces(body, colon + 1);
            if (key.equals("buckets") || key.equals("n_buckets") || key.equals("custom_values")) {
                if (pos >= body.length() || body.charAt(pos) != '[') {
                    throw new IllegalArgumentException("expected [ after " + key + ":");
                }
                int close = body.indexOf(']', pos);
                if (close < 0) {
                    throw new IllegalArgumentException("missing ] after " + key + ":");
                }
                f.list(key, numberList(body.substring(pos + 1, close), key));
                pos = close + 1;
            } else {
                int end = pos;
                while (end < body.length() && body.charAt(end) != ' ' && body.charAt(end) != '\t') {
                    end++;
                }
                f.scalar(key, body.substring(pos, end));
                pos = end;
            }
        }
        return f.build();
    }

    /** The fields read so far; bucket lists become spans only at the end, when their offsets are known. */
    private static final class Fields {
        private final FloatHistogram h = new FloatHistogram();
        private double[] buckets;
        private double[] negativeBuckets;
        private int offset;
        private int negativeOffset;
        private boolean hintStated;

        void list(String key, double[] values) {
            switch (key) {
                case "buckets" -> buckets = values;
                case "n_buckets" -> negativeBuckets = values;
                default -> h.customValues(values);
            }
        }

        void scalar(String key, String value) {
            switch (key) {
                case "schema" -> h.schema(integer(value, key));
                case "offset" -> offset = integer(value, key);
                case "n_offset" -> negativeOffset = integer(value, key);
                case "sum" -> h.sum(number(value, key));
                case "count" -> h.count(number(value, key));
                case "z_bucket" -> h.zeroCount(number(value, key));
                case "z_bucket_w" -> {
                    if (value.startsWith("-") || value.startsWith("+")) {
                        throw new IllegalArgumentException("z_bucket_w must be an unsigned number, got " + value);
                    }
                    h.zeroThreshold(number(value, key));
                }
                case "counter_reset_hint" -> {
                    h.counterResetHint(hint(value));
                    hintStated = true;
                }
                default -> throw new IllegalArgumentException("unknown histogram key \"" + key + "\"");
            }
        }

        Parsed build() {
            if (buckets != null && buckets.length > 0) {
                h.positiveSpans(new Span(offset, buckets.length)).positiveBuckets(buckets);
            }
            if (negativeBuckets != null && negativeBuckets.length > 0) {
                h.negativeSpans(new Span(negativeOffset, negativeBuckets.length)).negativeBuckets(negativeBuckets);
            }
            return new Parsed(h, hintStated);
        }
    }

    private static int skipSpaces(String s, int pos) {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }

    private static double[] numberList(String text, String key) {
        List<Double> values = new ArrayList<>();
        for (String item : text.trim().split("[ \t]+")) {
            if (!item.isEmpty()) {
                values.add(number(item, key));
            }
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static double number(String text, String key) {
        Matcher m = ValueText.NUMBER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid number \"" + text + "\" for " + key);
        }
        return ValueText.parseNumber(text);
    }

    private static int integer(String text, String key) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid integer \"" + text + "\" for " + key);
        }
    }

    private static CounterResetHint hint(String text) {
        return switch (text) {
            case "unknown" -> CounterResetHint.UNKNOWN;
            case "reset" -> CounterResetHint.COUNTER_RESET;
            case "not_reset" -> CounterResetHint.NOT_COUNTER_RESET;
            case "gauge" -> CounterResetHint.GAUGE;
            default -> throw new IllegalArgumentException("invalid counter_reset_hint \"" + text + "\"");
        };
    }
}
