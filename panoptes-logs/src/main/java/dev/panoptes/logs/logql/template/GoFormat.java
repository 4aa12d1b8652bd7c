package dev.panoptes.logs.logql.template;

import dev.panoptes.core.text.GoFloatText;
import dev.panoptes.core.text.ShortestDigits;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Go's {@code fmt} as templates print values: {@code %v} for each kind (floats in the shortest
 * form, with an exponent from 1e6 and below 1e-4; times as {@code 2006-01-02 15:04:05 +0000 UTC};
 * nil as {@code <no value>}), and {@code printf}'s common verbs. Stateless.
 */
final class GoFormat {

    private GoFormat() {
    }

    static String print(Object v) {
        return switch (v) {
            case null -> "<no value>";
            case String s -> s;
            case Double d -> formatFloat(d);
            case ZonedDateTime t -> GoTime.format(t, "2006-01-02 15:04:05.999999999 -0700 MST");
            case Map<?, ?> m -> {
                StringBuilder out = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
                    out.append(first ? "" : " ").append(print(e.getKey())).append(':').append(print(e.getValue()));
                    first = false;
                }
                yield out.append(']').toString();
            }
            case List<?> l -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < l.size(); i++) {
                    out.append(i > 0 ? " " : "").append(print(l.get(i)));
                }
                yield out.append(']').toString();
            }
            default -> v.toString();
        };
    }

    static String typeName(Object v) {
        return switch (v) {
            case String s -> "string";
            case Long n -> "int";
            case Double d -> "float64";
            case Boolean b -> "bool";
            case ZonedDateTime t -> "time.Time";
            case Map<?, ?> m -> "map[string]interface {}";
            case List<?> l -> "[]interface {}";
            default -> v.getClass().getSimpleName();
        };
    }

    /** {@code %v} of a float64: the shortest digits, with an exponent below 1e-4 and from 1e6 ({@code 1e+06}). */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        ShortestDigits shortest = new ShortestDigits();
        shortest.convert(d);
        int exp = shortest.exponent();
        return exp < -4 || exp >= 6 ? GoFloatText.exponent(d) : GoFloatText.fixed(d);
    }

    /** Go's {@code fmt.Sprintf} for the verbs templates use: v s d f e g t q x X o b c and %%, with flags, width and precision. */
    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int start = i++;
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
                i++;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i);
            String spec = format.substring(start + 1, i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(verb(verb, spec, args.get(argi++)));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                out.append(k > argi ? ", " : "").append(typeName(args.get(k))).append('=').append(print(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String verb(char verb, String spec, Object arg) {
        String flags = spec.replaceAll("[0-9.].*$", "");
        String rest = spec.substring(flags.length());
        boolean zero = flags.contains("0");
        String javaFlags = flags.replace("0", "").replace("#", "");
        String width = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        String precision = rest.contains(".") ? rest.substring(rest.indexOf('.')) : "";
        String pad = (zero && !flags.contains("-") ? "0" : "") + width;
        try {
            return switch (verb) {
                case 'v', 's' -> pad(arg instanceof Double d && verb == 'v' ? formatFloat(d) : truncate(print(arg), precision), flags, width);
                case 'd' -> arg instanceof Long n ? String.format(Locale.ROOT, "%" + javaFlags + pad + "d", n) : bad(verb, arg);
                case 'f', 'F', 'e', 'E', 'g', 'G' -> arg instanceof Double || arg instanceof Long
                        ? String.format(Locale.ROOT, "%" + javaFlags + pad + precision + (verb == 'F' ? 'f' : verb), ((Number) arg).doubleValue())
                        : bad(verb, arg);
                case 't' -> arg instanceof Boolean ? pad(arg.toString(), flags, width) : bad(verb, arg);
                case 'q' -> pad(quote(print(arg)), flags, width);
                case 'x', 'X' -> arg instanceof Long n ? String.format(Locale.ROOT, "%" + javaFlags + pad + verb, n)
                        : arg instanceof String s ? hex(s, verb == 'X') : bad(verb, arg);
                case 'o', 'b' -> arg instanceof Long n ? pad(verb == 'o' ? Long.toOctalString(n) : Long.toBinaryString(n), flags, width)
                        : bad(verb, arg);
                case 'c' -> arg instanceof Long n ? new String(Character.toChars(n.intValue())) : bad(verb, arg);
                default -> "%!" + verb + "(" + typeName(arg) + "=" + print(arg) + ")";
            };
        } catch (java.util.IllegalFormatException e) {
            return "%!" + verb + "(" + typeName(arg) + "=" + print(arg) + ")";
        }
    }

    private static String truncate(String s, String precision) {
        if (precision.length() > 1) {
            int n = Integer.parseInt(precision.substring(1));
            return s.codePointCount(0, s.length()) > n ? s.substring(0, s.offsetByCodePoints(0, n)) : s;
        }
        return s;
    }

    private static String pad(String s, String flags, String width) {
        if (width.isEmpty()) {
            return s;
        }
        int w = Integer.parseInt(width);
        int len = s.codePointCount(0, s.length());
        if (len >= w) {
            return s;
        }
        String spaces = " ".repeat(w - len);
        return flags.contains("-") ? s + spaces : spaces + s;
    }

    private static String hex(String s, boolean upper) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append(String.format(upper ? "%02X" : "%02x", b & 0xff));
        }
        return out.toString();
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + typeName(arg) + "=" + print(arg) + ")";
    }

    static String quote(String s) {
        return GoValues.quote(s);
    }

}
