package dev.panoptes.wire.otlp;

import dev.panoptes.core.labels.Utf8LabelOrder;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OTLP {@code AnyValue} as the text Loki stores for it, as a log line or as a label or
 * structured metadata value: a string as it is, a boolean as {@code true}/{@code false}, an
 * integer in decimal, a double in the shortest decimal that reads back to the same number
 * (JavaScript's notation: an exponent below 1e-6 and from 1e21, {@code NaN}, {@code Infinity}),
 * bytes in standard base64, an unset value as the empty string, and a key-value list or an array
 * as compact JSON (keys sorted by their UTF-8 bytes, the last of repeated keys kept, bytes as
 * base64 strings, unset values as {@code null}). JSON has no NaN or infinity, so a list or array
 * holding one renders as the empty string, as it does in Loki.
 *
 * <p>Stateless and thread-safe.
 */
final class AnyValueText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AnyValueText() {
    }

    static String of(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> {
                double d = value.getDoubleValue();
                yield Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : number(d);
            }
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case KVLIST_VALUE, ARRAY_VALUE -> {
                StringBuilder json = new StringBuilder();
                yield json(value, json) ? json.toString() : "";
            }
            // The string-table reference is a profiles-only encoding; logs never use it.
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
        };
    }

    /** Appends {@code value} as JSON; false when it holds a number JSON cannot express. */
    private static boolean json(AnyValue value, StringBuilder out) {
        switch (value.getValueCase()) {
            case STRING_VALUE -> quote(value.getStringValue(), out);
            case BOOL_VALUE -> out.append(value.getBoolValue());
            case INT_VALUE -> out.append(value.getIntValue());
            case DOUBLE_VALUE -> {
                double d = value.getDoubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return false;
                }
                out.append(number(d));
            }
            case BYTES_VALUE -> quote(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()), out);
            case ARRAY_VALUE -> {
                out.append('[');
                boolean first = true;
                for (AnyValue element : value.getArrayValue().getValuesList()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    if (!json(element, out)) {
                        return false;
                    }
                }
                out.append(']');
            }
            case KVLIST_VALUE -> {
                Map<String, AnyValue> sorted = new TreeMap<>(Utf8LabelOrder::compare);
                for (KeyValue kv : value.getKvlistValue().getValuesList()) {
                    sorted.put(kv.getKey(), kv.getValue());
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, AnyValue> e : sorted.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote(e.getKey(), out);
                    out.append(':');
                    if (!json(e.getValue(), out)) {
                        return false;
                    }
                }
                out.append('}');
            }
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> out.append("null");
        }
        return true;
    }

    /** A JSON string with the escapes Go's encoder writes when HTML escaping is off. */
    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Below 0x20 nothing may stay raw; U+2028 and U+2029 are escaped so that the text is also valid JavaScript.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * A finite double in the shortest digits that read back to it: plain notation from 1e-6 up to
     * 1e21, {@code d.ddde±x} outside it (no padded exponent), {@code -0} kept.
     */
    static String number(double d) {
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        // Double.toString gives the shortest digits that identify the double (JDK 19 and later).
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return exact.toPlainString();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (d < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        return out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent)).toString();
    }
}
