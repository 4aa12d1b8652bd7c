package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.promql.parser.ParseException;
import dev.panoptes.metrics.promql.parser.Parser;
import java.util.regex.Matcher;

/**
 * Reads series descriptions: a series written like a PromQL series literal ({@code name},
 * {@code name{a="b"}}, {@code {}}, {@code {"utf8.name", "l.x"="v"}}) followed by a value
 * sequence ({@code 1 _ 0+10x5 stale {{schema:0 count:1}}x2 ...}), expanded into a
 * {@link ValueSequence}. Not thread-safe; one instance per line.
 */
final class SeriesDescriptionParser {

    private final String text;
    private final int line;
    private int pos;

    private SeriesDescriptionParser(String text, int line) {
        this.text = text;
        this.line = line;
    }

    /** Parses a whole {@code <series> <values>} line. */
    static SeriesLine parseLine(String text, int line) throws ScriptParseException {
        SeriesDescriptionParser p = new SeriesDescriptionParser(text, line);
        Labels labels = p.series();
        if (p.pos < text.length() && !isSpace(text.charAt(p.pos))) {
            throw p.error("expected a space between the series and its values");
        }
        return new SeriesLine(labels, p.values(), line);
    }

    /**
     * Parses a start-timestamp line {@code <series>@st <offsets>}, or returns null when the line
     * is not one.
     *
     * @return the series and its offsets
     */
    static StartTimestampLine parseStartTimestampLine(String text, int line) throws ScriptParseException {
        SeriesDescriptionParser p = new SeriesDescriptionParser(text, line);
        Labels labels;
        try {
            labels = p.series();
        } catch (ScriptParseException e) {
            return null;
        }
        if (!text.startsWith("@st", p.pos)) {
            return null;
        }
        p.pos += 3;
        if (p.pos < text.length() && !isSpace(text.charAt(p.pos))) {
            return null;
        }
        return new StartTimestampLine(labels, StartTimestampOffsets.parse(text.substring(p.pos).trim(), line));
    }

    /**
     * A parsed {@code @st} line: the series it is for and one offset per position
     * ({@link StartTimestampOffsets#NONE} for none).
     */
    record StartTimestampLine(Labels labels, long[] offsets) {
        int positions() {
            return offsets.length;
        }
    }

    private Labels series() throws ScriptParseException {
        Labels.Builder labels = Labels.builder();
        int nameStart = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos), pos == nameStart, true)) {
            pos++;
        }
        if (pos > nameStart) {
            labels.set(Labels.METRIC_NAME, text.substring(nameStart, pos));
        }
        int afterName = pos;
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '{' && !text.startsWith("{{", pos)) {
            labelSet(labels);
        } else {
            pos = afterName;
            if (afterName == nameStart) {
                throw error("expected a metric name or a label set");
            }
        }
        return labels.build();
    }

    private void labelSet(Labels.Builder labels) throws ScriptParseException {
        pos++;
        boolean nameSeen = labels.get(Labels.METRIC_NAME) != null;
        while (true) {
            skipSpaces();
            if (pos >= text.length()) {
                throw error("unterminated label set");
            }
            if (text.charAt(pos) == '}') {
                pos++;
                return;
            }
            String name;
            if (isQuote(text.charAt(pos))) {
                name = quoted();
                skipSpaces();
                if (pos < text.length() && (text.charAt(pos) == ',' || text.charAt(pos) == '}')) {
                    if (nameSeen) {
                        throw error("metric name given twice");
                    }
                    labels.set(Labels.METRIC_NAME, name);
                    nameSeen = true;
                    separator();
                    continue;
                }
            } else {
                int start = pos;
                while (pos < text.length() && isNameChar(text.charAt(pos), pos == start, false)) {
                    pos++;
                }
                if (pos == start) {
                    throw error("expected a label name");
                }
                name = text.substring(start, pos);
            }
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != '=' || text.startsWith("=~", pos)) {
                throw error("expected = after label name " + name);
            }
            pos++;
            skipSpaces();
            if (pos >= text.length() || !isQuote(text.charAt(pos))) {
                throw error("expected a quoted label value for " + name);
            }
            if (labels.get(name) != null) {
                throw error("label " + name + " given twice");
            }
            labels.set(name, quoted());
            separator();
        }
    }

    private void separator() throws ScriptParseException {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
        } else if (pos >= text.length() || text.charAt(pos) != '}') {
            throw error("expected , or } in label set");
        }
    }

    /** Reads a quoted string and unquotes it with PromQL's own rules, by parsing it as a literal. */
    private String quoted() throws ScriptParseException {
        int start = pos;
        char quote = text.charAt(pos++);
        while (pos < text.length() && text.charAt(pos) != quote) {
            if (quote != '`' && text.charAt(pos) == '\\') {
                pos++;
            }
            pos++;
        }
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        pos++;
        return unquote(text.substring(start, pos), line);
    }

    /** The value of a PromQL string literal such as {@code "a\"b"} or {@code `raw`}. */
    static String unquote(String literal, int line) throws ScriptParseException {
        try {
            if (Parser.parse(literal) instanceof Expr.StringLiteral s) {
                return s.value();
            }
        } catch (ParseException e) {
            throw new ScriptParseException(line, "invalid string " + literal + ": " + e.getMessage());
        }
        throw new ScriptParseException(line, "not a string literal: " + literal);
    }

    private ValueSequence values() throws ScriptParseException {
        ValueSequence out = new ValueSequence();
        while (true) {
            skipSpaces();
            if (pos >= text.length()) {
                return out;
            }
            item(out);
            if (pos < text.length() && !isSpace(text.charAt(pos))) {
                throw error("unexpected \"" + text.substring(pos) + "\" in value sequence");
            }
        }
    }

    private void item(ValueSequence out) throws ScriptParseException {
        if (text.charAt(pos) == '_') {
            pos++;
            // Unlike every other item, _xN stands for N positions, not N+1.
            long n = timesOrMinus(1);
            for (long i = 0; i < n; i++) {
                out.addOmitted();
            }
            return;
        }
        if (text.startsWith("stale", pos)) {
            pos += 5;
            out.addFloat(ValueSequence.STALE_NAN);
            return;
        }
        if (text.startsWith("{{", pos)) {
            histogramItem(out);
            return;
        }
        double start = number("a value");
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            boolean minus = text.charAt(pos++) == '-';
            double step = number("a step");
            if (minus) {
                step = -step;
            }
            long n = times();
            double v = start;
            for (long i = 0; i <= n; i++) {
                out.addFloat(v);
                v += step;
            }
            return;
        }
        long n = timesOrMinus(0);
        for (long i = 0; i <= n; i++) {
            out.addFloat(start);
        }
    }

    private void histogramItem(ValueSequence out) throws ScriptParseException {
        HistogramNotation.Parsed base = histogram();
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            boolean subtract = text.charAt(pos) == '-';
            pos++;
            if (!text.startsWith("{{", pos)) {
                throw error("expected a histogram after " + (subtract ? '-' : '+'));
            }
            HistogramNotation.Parsed increment = histogram();
            long n = times();
            out.addHistogram(base.histogram(), increment.hintStated());
            FloatHistogram current = base.histogram();
            for (long i = 1; i <= n; i++) {
                current = HistogramSeries.next(current, increment.histogram(), subtract, line);
                out.addHistogram(current, increment.hintStated());
            }
            return;
        }
        long n = timesOrMinus(0);
        for (long i = 0; i <= n; i++) {
            out.addHistogram(base.histogram(), base.hintStated());
        }
    }

    private HistogramNotation.Parsed histogram() throws ScriptParseException {
        int close = text.indexOf("}}", pos + 2);
        if (close < 0) {
            throw error("unterminated histogram {{");
        }
        try {
            HistogramNotation.Parsed h = HistogramNotation.parse(text.substring(pos + 2, close));
            pos = close + 2;
            return h;
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private double number(String what) throws ScriptParseException {
        Matcher m = ValueText.NUMBER.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            throw error("expected " + what + " at \"" + text.substring(pos) + "\"");
        }
        pos = m.end();
        return ValueText.parseNumber(m.group());
    }

    /** A mandatory {@code xN}. */
    private long times() throws ScriptParseException {
        long n = timesOrMinus(-1);
        if (n < 0) {
            throw error("expected xN after a step");
        }
        return n;
    }

    /** An optional {@code xN}: N, or {@code absent} when there is none. */
    private long timesOrMinus(long absent) throws ScriptParseException {
        if (pos >= text.length() || text.charAt(pos) != 'x') {
            return absent;
        }
        int start = ++pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw error("expected a count after x");
        }
        try {
            return Long.parseLong(text, start, pos, 10);
        } catch (NumberFormatException e) {
            throw error("count too large: " + text.substring(start, pos));
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    private static boolean isNameChar(char c, boolean first, boolean colonAllowed) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':')
                || (!first && c >= '0' && c <= '9');
    }

    private ScriptParseException error(String detail) {
        return new ScriptParseException(line, detail + " in \"" + text + "\"");
    }
}
