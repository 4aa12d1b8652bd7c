package dev.panoptes.logs.logql.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The functions log templates may call: Go's template built-ins and the set Loki offers (its own
 * and the Sprig functions it includes), with their argument conventions: Sprig's arithmetic
 * converts any argument to a number (an unreadable string counts as 0), the string functions take
 * strings. Times are {@link ZonedDateTime}s in UTC. Stateless.
 */
final class TemplateFunctions {

    /**
     * Functions Go or Loki offer that log templates here do not, with why: {@code call} (there are
     * no function values in a log template's data), {@code html} and {@code js} (escapers for web
     * pages, which log lines are not), {@code template}/{@code define}/{@code block} (a log template is one
     * template; see {@link TemplateParser}).
     */
    static final Set<String> UNSUPPORTED = Set.of("call", "html", "js", "template", "define", "block");

    static final Set<String> NAMES = Set.of(
            "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "index", "print", "printf", "println", "slice", "urlquery",
            "ToLower", "ToUpper", "Replace", "Trim", "TrimLeft", "TrimRight", "TrimPrefix", "TrimSuffix", "TrimSpace",
            "regexReplaceAll", "regexReplaceAllLiteral", "count", "urldecode", "urlencode", "bytes", "duration",
            "duration_seconds", "unixEpochMillis", "unixEpochNanos", "toDateInZone", "unixToTime", "alignLeft", "alignRight",
            "b64dec", "b64enc", "lower", "upper", "title", "trunc", "substr", "contains", "hasPrefix", "hasSuffix", "indent",
            "nindent", "replace", "repeat", "trim", "trimAll", "trimSuffix", "trimPrefix", "int", "float64", "add", "sub",
            "mul", "div", "mod", "addf", "subf", "mulf", "divf", "max", "min", "maxf", "minf", "ceil", "floor", "round",
            "fromJson", "date", "toDate", "now", "unixEpoch", "default", "__line__", "__timestamp__", "and", "or");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateFunctions() {
    }

    /** Refuses a template that calls a function no one defines, as Go does when it parses. */
    static void checkNames(String name, List<TemplateNode> nodes) {
        for (TemplateNode n : nodes) {
            switch (n) {
                case TemplateNode.Action a -> check(name, a.pipeline());
                case TemplateNode.Branch b -> {
                    check(name, b.pipeline());
                    checkNames(name, b.body());
                    checkNames(name, b.orElse());
                }
                default -> { }
            }
        }
    }

    private static void check(String name, TemplateNode.Pipeline p) {
        for (TemplateNode.Command c : p.commands()) {
            for (TemplateNode.Operand o : c.operands()) {
                if (o instanceof TemplateNode.Identifier id && !NAMES.contains(id.name())) {
                    throw new TemplateException("template: " + name + ":1: function \"" + id.name() + "\" not defined");
                }
                if (o instanceof TemplateNode.Parenthesized inner) {
                    check(name, inner.pipeline());
                }
            }
        }
    }

    static Object call(String fn, List<Object> a, TemplateEvaluator ctx) {
        return switch (fn) {
            case "__line__" -> ctx.line;
            case "__timestamp__" -> time(ctx.timestampNanos);
            case "now" -> ZonedDateTime.now(ZoneOffset.UTC);
            case "not" -> !TemplateEvaluator.isTrue(arg(a, 0, 1));
            case "eq" -> eq(a);
            case "ne" -> !equal(arg(a, 0, 2), arg(a, 1, 2));
            case "lt" -> order(a) < 0;
            case "le" -> order(a) <= 0;
            case "gt" -> order(a) > 0;
            case "ge" -> order(a) >= 0;
            case "len" -> length(arg(a, 0, 1));
            case "index" -> index(a);
            case "slice" -> slice(a);
            case "print" -> sprint(a, false);
            case "println" -> sprint(a, true) + "\n";
            case "printf" -> GoFormat.sprintf(str(a, 0), a.subList(1, a.size()));
            case "urlquery", "urlencode" -> URLEncoder.encode(fn.equals("urlquery") ? sprint(a, false) : str(a, 0), StandardCharsets.UTF_8);
            case "urldecode" -> urldecode(str(a, 0));
            case "ToLower", "lower" -> str(a, 0).toLowerCase(java.util.Locale.ROOT);
            case "ToUpper", "upper" -> str(a, 0).toUpperCase(java.util.Locale.ROOT);
            case "title" -> title(str(a, 0));
            case "Replace" -> replace(str(a, 0), str(a, 1), str(a, 2), integer(a, 3));
            case "replace" -> str(a, 2).replace(str(a, 0), str(a, 1));
            case "Trim" -> trimCutset(str(a, 0), str(a, 1), true, true);
            case "trimAll" -> trimCutset(str(a, 1), str(a, 0), true, true);
            case "TrimLeft" -> trimCutset(str(a, 0), str(a, 1), true, false);
            case "TrimRight" -> trimCutset(str(a, 0), str(a, 1), false, true);
            case "TrimPrefix" -> trimPrefix(str(a, 0), str(a, 1));
            case "trimPrefix" -> trimPrefix(str(a, 1), str(a, 0));
            case "TrimSuffix" -> trimSuffix(str(a, 0), str(a, 1));
            case "trimSuffix" -> trimSuffix(str(a, 1), str(a, 0));
            case "TrimSpace", "trim" -> str(a, 0).strip();
            case "regexReplaceAll" -> replaceAll(Pattern.compile(str(a, 0)), str(a, 1), str(a, 2));
            case "regexReplaceAllLiteral" -> Pattern.compile(str(a, 0)).matcher(str(a, 1)).replaceAll(Matcher.quoteReplacement(str(a, 2)));
            case "count" -> count(str(a, 0), str(a, 1));
            case "bytes" -> (double) parseBytes(str(a, 0));
            case "duration", "duration_seconds" -> parseDurationSeconds(str(a, 0));
            case "unixEpochMillis" -> Long.toString(timeArg(a, 0).toInstant().toEpochMilli());
            case "unixEpochNanos" -> Long.toString(epochNanos(timeArg(a, 0)));
            case "unixEpoch" -> Long.toString(timeArg(a, 0).toEpochSecond());
            case "unixToTime" -> unixToTime(str(a, 0));
            case "toDateInZone" -> toDate(str(a, 0), str(a, 2), GoTime.zone(str(a, 1)));
            case "toDate" -> toDate(str(a, 0), str(a, 1), ZoneOffset.UTC);
            case "date" -> GoTime.format(dateArg(arg(a, 1, 2)), str(a, 0));
            case "alignLeft" -> align(integer(a, 0), str(a, 1), true);
            case "alignRight" -> align(integer(a, 0), str(a, 1), false);
            case "b64enc" -> Base64.getEncoder().encodeToString(GoFormat.print(arg(a, 0, 1)).getBytes(StandardCharsets.UTF_8));
            case "b64dec" -> b64dec(str(a, 0));
            case "trunc" -> trunc(integer(a, 0), str(a, 1));
            case "substr" -> substring(integer(a, 0), integer(a, 1), str(a, 2));
            case "contains" -> str(a, 1).contains(str(a, 0));
            case "hasPrefix" -> str(a, 1).startsWith(str(a, 0));
            case "hasSuffix" -> str(a, 1).endsWith(str(a, 0));
            case "indent" -> indent(integer(a, 0), str(a, 1));
            case "nindent" -> "\n" + indent(integer(a, 0), str(a, 1));
            case "repeat" -> str(a, 1).repeat((int) Math.max(0, Math.min(integer(a, 0), TemplateEvaluator.MAX_OUTPUT)));
            case "int" -> toInt64(arg(a, 0, 1));
            case "float64" -> toFloat64(arg(a, 0, 1));
            case "add" -> {
                long sum = 0;
                for (Object o : a) {
                    sum += toInt64(o);
                }
                yield sum;
            }
            case "sub" -> toInt64(arg(a, 0, 2)) - toInt64(arg(a, 1, 2));
            case "mul" -> {
                long product = toInt64(arg(a, 0, -1));
                for (int i = 1; i < a.size(); i++) {
                    product *= toInt64(a.get(i));
                }
                yield product;
            }
            case "div" -> {
                long divisor = toInt64(arg(a, 1, 2));
                if (divisor == 0) {
                    throw new IllegalStateException("runtime error: integer divide by zero");
                }
                yield toInt64(a.get(0)) / divisor;
            }
            case "mod" -> {
                long divisor = toInt64(arg(a, 1, 2));
                if (divisor == 0) {
                    throw new IllegalStateException("runtime error: integer divide by zero");
                }
                yield toInt64(a.get(0)) % divisor;
            }
            case "addf", "subf", "mulf", "divf" -> decimalFold(fn, a);
            case "max", "min" -> {
                long best = toInt64(arg(a, 0, -1));
                for (int i = 1; i < a.size(); i++) {
                    long v = toInt64(a.get(i));
                    best = fn.equals("max") ? Math.max(best, v) : Math.min(best, v);
                }
                yield best;
            }
            case "maxf", "minf" -> {
                double best = toFloat64(arg(a, 0, -1));
                for (int i = 1; i < a.size(); i++) {
                    double v = toFloat64(a.get(i));
                    best = fn.equals("maxf") ? Math.max(best, v) : Math.min(best, v);
                }
                yield best;
            }
            case "ceil" -> Math.ceil(toFloat64(arg(a, 0, 1)));
            case "floor" -> Math.floor(toFloat64(arg(a, 0, 1)));
            case "round" -> round(a);
            case "fromJson" -> fromJson(str(a, 0));
            case "default" -> a.size() < 2 || !TemplateEvaluator.isTrue(a.get(1)) ? a.get(0) : a.get(1);
            default -> throw new IllegalStateException("function \"" + fn + "\" not defined");
        };
    }

    private static Object arg(List<Object> a, int i, int expected) {
        if (i >= a.size()) {
            throw new IllegalStateException("wrong number of args: want " + (expected < 0 ? "at least " + (i + 1) : expected)
                    + " got " + a.size());
        }
        return a.get(i);
    }

    private static String str(List<Object> a, int i) {
        Object v = arg(a, i, i + 1);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalStateException("wrong type for value; expected string; got " + (v == null ? "<nil>" : GoFormat.typeName(v)));
    }

    private static long integer(List<Object> a, int i) {
        Object v = arg(a, i, i + 1);
        if (v instanceof Long n) {
            return n;
        }
        throw new IllegalStateException("wrong type for value; expected int; got " + (v == null ? "<nil>" : GoFormat.typeName(v)));
    }

    /** Sprig's (cast's) conversion to int64: strings are read as integers (0x.. and 0.. prefixes too), unreadable ones are 0. */
    static long toInt64(Object v) {
        return switch (v) {
            case null -> 0;
            case Long n -> n;
            case Double d -> (long) d.doubleValue();
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                String t = s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
                try {
                    yield t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
                } catch (NumberFormatException e) {
                    yield 0L;
                }
            }
            default -> 0;
        };
    }

    static double toFloat64(Object v) {
        return switch (v) {
            case null -> 0;
            case Long n -> n;
            case Double d -> d;
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                try {
                    yield s.isBlank() || s.strip().length() != s.length() || s.matches(".*[dDfF]$") ? 0 : Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    yield 0.0;
                }
            }
            default -> 0;
        };
    }

    private static double decimalFold(String fn, List<Object> a) {
        BigDecimal acc = new BigDecimal(Double.toString(toFloat64(arg(a, 0, -1))));
        for (int i = 1; i < a.size(); i++) {
            BigDecimal v = new BigDecimal(Double.toString(toFloat64(a.get(i))));
            acc = switch (fn) {
                case "addf" -> acc.add(v);
                case "subf" -> acc.subtract(v);
                case "mulf" -> acc.multiply(v);
                default -> {
                    if (v.signum() == 0) {
                        throw new IllegalStateException("decimal division by 0");
                    }
                    yield acc.divide(v, 16, RoundingMode.HALF_EVEN);
                }
            };
        }
        return acc.doubleValue();
    }

    private static double round(List<Object> a) {
        double v = toFloat64(arg(a, 0, 2));
        long places = toInt64(arg(a, 1, 2));
        double roundOn = a.size() > 2 ? toFloat64(a.get(2)) : 0.5;
        double pow = Math.pow(10, places);
        double digit = pow * v;
        double whole = Math.floor(digit);
        double rounded = digit - whole >= roundOn ? Math.ceil(digit) : whole;
        return rounded / pow;
    }

    private static boolean eq(List<Object> a) {
        Object first = arg(a, 0, 2);
        if (a.size() < 2) {
            throw new IllegalStateException("missing argument for comparison");
        }
        for (int i = 1; i < a.size(); i++) {
            if (equal(first, a.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(Object x, Object y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x.getClass() != y.getClass()) {
            throw new IllegalStateException("incompatible types for comparison");
        }
        return x.equals(y);
    }

    private static int order(List<Object> a) {
        Object x = arg(a, 0, 2);
        Object y = arg(a, 1, 2);
        if (x instanceof Long p && y instanceof Long q) {
            return Long.compare(p, q);
        }
        if (x instanceof Double p && y instanceof Double q) {
            return Double.compare(p, q);
        }
        if (x instanceof String p && y instanceof String q) {
            return p.compareTo(q);
        }
        throw new IllegalStateException(x == null || y == null || x.getClass() == y.getClass()
                ? "invalid type for comparison" : "incompatible types for comparison");
    }

    private static long length(Object v) {
        return switch (v) {
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case Map<?, ?> m -> m.size();
            case List<?> l -> l.size();
            case null -> throw new IllegalStateException("len of nil pointer");
            default -> throw new IllegalStateException("len of type " + GoFormat.typeName(v));
        };
    }

    private static Object index(List<Object> a) {
        Object v = arg(a, 0, -1);
        for (int i = 1; i < a.size(); i++) {
            Object key = a.get(i);
            if (v instanceof Map<?, ?> m) {
                v = m.get(key instanceof String ? key : GoFormat.print(key));
            } else if (v instanceof List<?> l && key instanceof Long n) {
                if (n < 0 || n >= l.size()) {
                    throw new IllegalStateException("index out of range: " + n);
                }
                v = l.get(n.intValue());
            } else if (v instanceof String s && key instanceof Long n) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                if (n < 0 || n >= bytes.length) {
                    throw new IllegalStateException("index out of range: " + n);
                }
                v = (long) (bytes[n.intValue()] & 0xff);
            } else {
                throw new IllegalStateException("can't index item of type " + (v == null ? "<nil>" : GoFormat.typeName(v)));
            }
        }
        return v;
    }

    private static Object slice(List<Object> a) {
        Object v = arg(a, 0, -1);
        if (!(v instanceof String s)) {
            throw new IllegalStateException("can't slice item of type " + (v == null ? "<nil>" : GoFormat.typeName(v)));
        }
        long from = a.size() > 1 ? toInt64(a.get(1)) : 0;
        long to = a.size() > 2 ? toInt64(a.get(2)) : s.length();
        if (from < 0 || to > s.length() || from > to) {
            throw new IllegalStateException("index out of range: " + (from < 0 || from > to ? from : to));
        }
        return s.substring((int) from, (int) to);
    }

    private static String sprint(List<Object> a, boolean spaces) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            boolean isString = a.get(i) instanceof String;
            if (i > 0 && (spaces || (!isString && !(a.get(i - 1) instanceof String)))) {
                out.append(' ');
            }
            out.append(GoFormat.print(a.get(i)));
        }
        return out.toString();
    }

    private static String urldecode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid URL escape in " + GoFormat.quote(s));
        }
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return out.toString();
    }

    private static String replace(String s, String old, String replacement, long n) {
        if (n < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (long done = 0; done < n; done++) {
            int i = old.isEmpty() ? (done == 0 ? 0 : at < s.length() ? at + 1 : -1) : s.indexOf(old, at);
            if (i < 0) {
                break;
            }
            out.append(s, at, i).append(replacement);
            at = i + old.length();
            if (old.isEmpty() && i < s.length()) {
                out.append(s.charAt(i));
                at = i + 1;
            }
        }
        return out.append(s.substring(Math.min(at, s.length()))).toString();
    }

    private static String trimCutset(String s, String cutset, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && cutset.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (right && end > start && cutset.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String trimPrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    private static String trimSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    /**
     * Go's {@code ReplaceAllString}: in the replacement, {@code $name} or {@code ${name}} is the
     * group of that number or name (empty when there is none; the name is the longest run of
     * letters, digits and {@code _}), {@code $$} is {@code $}, and any other {@code $} stays as it is.
     */
    private static String replaceAll(Pattern pattern, String s, String repl) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start());
            expand(m, pattern, repl, out);
            last = m.end();
            if (m.end() == m.start() && m.end() >= s.length()) {
                break;
            }
        }
        return out.append(s.substring(Math.min(last, s.length()))).toString();
    }

    private static void expand(Matcher m, Pattern pattern, String repl, StringBuilder out) {
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c != '$' || i + 1 >= repl.length()) {
                out.append(c);
                continue;
            }
            if (repl.charAt(i + 1) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean braced = repl.charAt(i + 1) == '{';
            int start = braced ? i + 2 : i + 1;
            int end = start;
            while (end < repl.length() && (Character.isLetterOrDigit(repl.charAt(end)) || repl.charAt(end) == '_')) {
                end++;
            }
            if (end == start || (braced && (end >= repl.length() || repl.charAt(end) != '}'))) {
                out.append(c);
                continue;
            }
            String name = repl.substring(start, end);
            String value = null;
            if (name.chars().allMatch(Character::isDigit)) {
                int g = Integer.parseInt(name);
                value = g <= m.groupCount() ? m.group(g) : null;
            } else if (pattern.namedGroups().containsKey(name)) {
                value = m.group(pattern.namedGroups().get(name));
            }
            out.append(value == null ? "" : value);
            i = braced ? end : end - 1;
        }
    }

    private static long count(String regex, String s) {
        Matcher m = Pattern.compile(regex).matcher(s);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static long parseBytes(String s) {
        try {
            return GoValues.parseBytes(s);
        } catch (GoValues.BadValue e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static double parseDurationSeconds(String s) {
        try {
            return GoValues.parseDurationNanos(s) / 1e9;
        } catch (GoValues.BadValue e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static ZonedDateTime time(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).atZone(ZoneOffset.UTC);
    }

    private static long epochNanos(ZonedDateTime t) {
        return t.toEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static ZonedDateTime timeArg(List<Object> a, int i) {
        Object v = arg(a, i, i + 1);
        if (v instanceof ZonedDateTime t) {
            return t;
        }
        throw new IllegalStateException("wrong type for value; expected time.Time; got " + (v == null ? "<nil>" : GoFormat.typeName(v)));
    }

    /** Sprig's {@code date} takes a time or Unix seconds. */
    private static ZonedDateTime dateArg(Object v) {
        return switch (v) {
            case ZonedDateTime t -> t;
            case Long n -> time(n * 1_000_000_000L);
            default -> ZonedDateTime.now(ZoneOffset.UTC);
        };
    }

    private static ZonedDateTime unixToTime(String epoch) {
        long i;
        try {
            i = Long.parseLong(epoch);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("unable to parse time '" + epoch + "': strconv.ParseInt: parsing " + GoFormat.quote(epoch)
                    + ": invalid syntax");
        }
        return switch (epoch.length()) {
            case 5 -> time(i * 86400L * 1_000_000_000L);
            case 10 -> time(i * 1_000_000_000L);
            case 13 -> time(i * 1_000_000L);
            case 16 -> time(i * 1_000L);
            case 19 -> time(i);
            default -> throw new IllegalStateException("unable to parse time '" + epoch + "': %!w(<nil>)");
        };
    }

    /** Go's zero time when the text does not parse, as Sprig's toDate answers. */
    private static ZonedDateTime toDate(String layout, String value, java.time.ZoneId zone) {
        try {
            return GoTime.parse(layout, value, zone);
        } catch (IllegalArgumentException e) {
            return ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        }
    }

    private static String align(long count, String s, boolean left) {
        int len = s.codePointCount(0, s.length());
        if (count < 0 || count == len) {
            return s;
        }
        if (count > len) {
            String pad = " ".repeat((int) Math.min(count - len, TemplateEvaluator.MAX_OUTPUT));
            return left ? s + pad : pad + s;
        }
        return left ? s.substring(0, s.offsetByCodePoints(0, (int) count)) : s.substring(s.offsetByCodePoints(0, len - (int) count));
    }

    private static String b64dec(String v) {
        int remainder = v.length() % 4;
        if (remainder != 0 && remainder != 1) {
            v += "=".repeat(4 - remainder);
        }
        try {
            return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "illegal base64 data at input byte " + firstBadBase64(v);
        }
    }

    private static int firstBadBase64(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '+' && c != '/' && c != '=') {
                return i;
            }
        }
        return v.length() - (v.length() % 4 == 1 ? 1 : 0);
    }

    private static String trunc(long c, String s) {
        int l = s.codePointCount(0, s.length());
        if (c < 0 && l + c > 0) {
            return s.substring(s.offsetByCodePoints(0, (int) (l + c)));
        }
        if (c >= 0 && l > c) {
            return s.substring(0, s.offsetByCodePoints(0, (int) c));
        }
        return s;
    }

    private static String substring(long start, long end, String s) {
        int l = s.codePointCount(0, s.length());
        end = Math.min(end, l);
        start = Math.min(start, l);
        if (start < 0) {
            return end < 0 ? "" : s.substring(0, s.offsetByCodePoints(0, (int) end));
        }
        if (end < 0) {
            return s.substring(s.offsetByCodePoints(0, (int) start));
        }
        if (start > end) {
            return "";
        }
        return s.substring(s.offsetByCodePoints(0, (int) start), s.offsetByCodePoints(0, (int) end));
    }

    private static String indent(long spaces, String s) {
        String pad = " ".repeat((int) Math.max(0, Math.min(spaces, 1024)));
        return pad + s.replace("\n", "\n" + pad);
    }

    private static Object fromJson(String s) {
        try {
            return normalize(JSON.readValue(s, Object.class));
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    /** Jackson's numbers as Go's JSON decoder makes them (every number a float64). */
    private static Object normalize(Object v) {
        return switch (v) {
            case Number n -> n.doubleValue();
            case Map<?, ?> m -> {
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
                }
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                for (Object o : l) {
                    out.add(normalize(o));
                }
                yield out;
            }
            case null, default -> v;
        };
    }
}
