package dev.panoptes.metrics.api;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.time.Durations;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.ParseException;
import dev.panoptes.metrics.promql.parser.Parser;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses the API's parameter notations as Prometheus does: timestamps as RFC 3339 or unix
 * seconds with a fraction (rounded to milliseconds), durations as {@code 1h30m} or float
 * seconds, limits, and {@code match[]} series selectors. Every failure is an
 * {@link ApiException} naming the parameter. Stateless.
 */
final class ParamParser {

    /** The earliest and latest instants an optional time range defaults to (Prometheus' MinTime and MaxTime, in ms). */
    static final long MIN_TIME = -9223309901257974L;
    static final long MAX_TIME = 9223309901257974L;

    /** Go's ParseFloat syntax, decimal form, plus the special values. */
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern SPECIAL = Pattern.compile("(?i)[+-]?(?:inf|infinity|nan)");

    private static final String EMPTY_SELECTOR = "match[] must contain at least one non-empty matcher";

    private ParamParser() {
    }

    /** A required timestamp parameter, as {@code query_range} reads {@code start} and {@code end}. */
    static long requiredTime(RequestParams params, String name) {
        String text = params.get(name);
        try {
            return parseTime(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, e.getMessage());
        }
    }

    /** An optional timestamp parameter with its default. */
    static long optionalTime(RequestParams params, String name, long fallback) {
        String text = params.get(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return parseTime(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, "invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    /** Milliseconds since the epoch of an RFC 3339 or unix-seconds text. */
    static long parseTime(String text) {
        if (FLOAT.matcher(text).matches()) {
            double seconds = Double.parseDouble(text);
            double whole = seconds < 0 ? Math.ceil(seconds) : Math.floor(seconds);
            double fraction = Math.round((seconds - whole) * 1000) / 1000.0;
            if (Math.abs(whole) <= MAX_TIME / 1000) {
                return (long) whole * 1000 + Math.round(fraction * 1000);
            }
        } else if (!SPECIAL.matcher(text).matches()) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                return t.toInstant().toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                // falls through to the common message
            }
        }
        throw new IllegalArgumentException("cannot parse \"" + text + "\" to a valid timestamp");
    }

    /** A required duration parameter in milliseconds. */
    static long requiredDuration(RequestParams params, String name) {
        try {
            return parseDuration(params.get(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, e.getMessage());
        }
    }

    /** Milliseconds of a {@code 1h30m} or float-seconds text. */
    static long parseDuration(String text) {
        if (FLOAT.matcher(text).matches() || SPECIAL.matcher(text).matches()) {
            double millis = Double.parseDouble(text.replaceAll("(?i)inf(inity)?", "Infinity").replaceAll("(?i)nan", "NaN")) * 1000;
            // Go's Duration is int64 nanoseconds: anything beyond overflows.
            if (Double.isNaN(millis) || Math.abs(millis) > Long.MAX_VALUE / 1_000_000.0) {
                throw new IllegalArgumentException("cannot parse \"" + text + "\" to a valid duration. It overflows int64");
            }
            return (long) millis;
        }
        try {
            long millis = Durations.parse(text).toMillis();
            if (millis > Long.MAX_VALUE / 1_000_000) {
                throw new IllegalArgumentException("overflow");
            }
            return millis;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot parse \"" + text + "\" to a valid duration");
        }
    }

    /** {@code limit}: 0 (no limit) when absent; a non-negative integer otherwise. */
    static int limit(RequestParams params) {
        String text = params.get("limit");
        if (text.isEmpty()) {
            return 0;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter("limit", "strconv.Atoi: parsing \"" + text + "\": invalid syntax");
        }
        if (limit < 0) {
            throw ApiException.invalidParameter("limit", "limit must be non-negative");
        }
        return limit;
    }

    /**
     * The matcher sets of every {@code match[]} value: each must be a plain series selector with
     * at least one matcher that does not match the empty string.
     */
    static List<List<LabelMatcher>> matcherSets(List<String> selectors) {
        List<List<LabelMatcher>> sets = new ArrayList<>(selectors.size());
        for (String selector : selectors) {
            sets.add(selector(selector));
        }
        return sets;
    }

    private static List<LabelMatcher> selector(String text) {
        Expr expr;
        try {
            expr = Parser.parse(text);
        } catch (ParseException e) {
            // Series selectors are checked by the API, not the query parser's type check, in Prometheus' words.
            if (e.detail().equals("vector selector must contain at least one non-empty matcher")) {
                throw ApiException.badData(EMPTY_SELECTOR);
            }
            throw ApiException.badData(e.getMessage());
        }
        if (!(expr instanceof Expr.VectorSelector vs) || vs.offsetMillis() != 0 || vs.at() != null) {
            throw ApiException.badData("1:1: parse error: expected a series selector, not \"" + text + "\"");
        }
        for (LabelMatcher m : vs.matchers()) {
            if (!m.matchesEmpty()) {
                return vs.matchers();
            }
        }
        throw ApiException.badData(EMPTY_SELECTOR);
    }
}
