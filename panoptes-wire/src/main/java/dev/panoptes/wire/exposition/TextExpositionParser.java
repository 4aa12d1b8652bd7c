package dev.panoptes.wire.exposition;

import dev.panoptes.core.labels.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Parses the Prometheus text format and OpenMetrics text, line by line, into an
 * {@link ExpositionSink}. Written by hand because it is on the scrape path and the backfill path
 * (hundreds of thousands of lines a second): no regexes, one pass per line, and the labels of a
 * line are reused when the next line names the same series (files are usually sorted by series,
 * and a target exposes series in the same order each scrape).
 *
 * <p>Accepts metric and label names in the classic character set or quoted
 * ({@code {"my.metric", "a.b"="v"}}), {@code NaN}, {@code +Inf} and {@code -Inf} values, and in
 * OpenMetrics, fractional-second timestamps and exemplars. Errors name the line and column.
 * Not thread-safe; one parser per input.
 */
public final class TextExpositionParser {

    private final ExpositionFormat format;
    private final ExpositionSink sink;
    private final Labels.Builder builder = Labels.builder();

    private String line;
    private int pos;
    private long lineNumber;
    private String previousSeries = "";
    private Labels previousLabels;

    public TextExpositionParser(ExpositionFormat format, ExpositionSink sink) {
        this.format = format;
        this.sink = sink;
    }

    /** The 1-based number of the line being parsed (the line of the sample a sink is receiving). */
    public long lineNumber() {
        return lineNumber;
    }

    /** Parses everything {@code reader} yields; returns the number of samples. */
    public long parse(Reader reader) throws IOException, ExpositionParseException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        long samples = 0;
        boolean eof = false;
        String next;
        while ((next = lines.readLine()) != null) {
            lineNumber++;
            line = next;
            pos = 0;
            if (eof) {
                throw error("content after # EOF");
            }
            if (line.isEmpty()) {
                if (format == ExpositionFormat.OPENMETRICS) {
                    throw error("empty line (OpenMetrics allows none)");
                }
                continue;
            }
            if (line.charAt(0) == '#') {
                eof = comment();
                continue;
            }
            sampleLine();
            samples++;
        }
        if (format == ExpositionFormat.OPENMETRICS && !eof) {
            lineNumber++;
            line = "";
            pos = 0;
            throw error("missing # EOF at the end");
        }
        return samples;
    }

    /** Handles a {@code #} line; returns true for {@code # EOF}. */
    private boolean comment() throws ExpositionParseException {
        if (line.equals("# EOF")) {
            if (format == ExpositionFormat.OPENMETRICS) {
                return true;
            }
            return false;
        }
        if (!line.startsWith("# ")) {
            if (format == ExpositionFormat.OPENMETRICS) {
                throw error("a comment must start with '# '");
            }
            return false;
        }
        pos = 2;
        int keywordEnd = line.indexOf(' ', pos);
        String keyword = keywordEnd < 0 ? line.substring(pos) : line.substring(pos, keywordEnd);
        if (!keyword.equals("TYPE") && !keyword.equals("HELP") && !keyword.equals("UNIT")) {
            if (format == ExpositionFormat.OPENMETRICS) {
                throw error("unknown descriptor '" + keyword + "' (expected TYPE, HELP, UNIT or EOF)");
            }
            return false;
        }
        if (keywordEnd < 0) {
            throw error("# " + keyword + " needs a metric name");
        }
        pos = keywordEnd + 1;
        String name = metricName();
        String rest;
        if (pos >= line.length()) {
            rest = "";
        } else {
            if (line.charAt(pos) != ' ') {
                throw error("expected a space after the metric name");
            }
            rest = line.substring(pos + 1);
        }
        switch (keyword) {
            case "TYPE" -> {
                if (!isType(rest)) {
                    throw error("unknown metric type '" + rest + "'");
                }
                sink.type(name, rest);
            }
            case "HELP" -> sink.help(name, unescapeHelp(rest));
            default -> sink.unit(name, rest);
        }
        return false;
    }

    private boolean isType(String type) {
        return switch (type) {
            case "counter", "gauge", "histogram", "summary", "untyped", "unknown", "gaugehistogram", "info", "stateset" -> true;
            default -> false;
        };
    }

    private static String unescapeHelp(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void sampleLine() throws ExpositionParseException {
        int seriesEnd = seriesEnd();
        String series = line.substring(0, seriesEnd);
        Labels labels;
        if (series.equals(previousSeries) && previousLabels != null) {
            labels = previousLabels;
            pos = seriesEnd;
        } else {
            labels = series();
            previousSeries = series;
            previousLabels = labels;
        }
        skipSpaces(true);
        double value = value(valueToken());
        long timestamp = ExpositionSink.NO_TIMESTAMP;
        ExpositionSink.ParsedExemplar exemplar = null;
        skipSpaces(false);
        if (pos < line.length() && line.charAt(pos) != '#') {
            timestamp = timestamp(valueToken());
            skipSpaces(false);
        }
        if (pos < line.length()) {
            if (line.charAt(pos) != '#' || format != ExpositionFormat.OPENMETRICS) {
                throw error("unexpected text after the sample");
            }
            exemplar = exemplar();
        }
        sink.sample(labels, value, timestamp, exemplar);
    }

    /** Where the series part (name and labels) ends, without parsing it. */
    private int seriesEnd() throws ExpositionParseException {
        int brace = -1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == '{' && brace < 0) {
                brace = i;
            } else if (c == '}' && brace >= 0) {
                return i + 1;
            } else if ((c == ' ' || c == '\t') && brace < 0) {
                return i;
            }
        }
        if (brace >= 0) {
            pos = line.length();
            throw error("labels not closed with '}'");
        }
        return line.length();
    }

    private Labels series() throws ExpositionParseException {
        builder.reset(Labels.empty());
        String name = null;
        if (line.charAt(0) != '{') {
            name = metricName();
        }
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos++;
            boolean first = true;
            while (true) {
                skipSpaces(false);
                if (pos >= line.length()) {
                    throw error("labels not closed with '}'");
                }
                if (line.charAt(pos) == '}') {
                    pos++;
                    break;
                }
                if (!first) {
                    throw error("expected ',' or '}' between labels");
                }
                String labelName;
                int nameColumn = pos;
                if (line.charAt(pos) == '"') {
                    labelName = quoted();
                    skipSpaces(false);
                    if (name == null && (pos >= line.length() || line.charAt(pos) != '=')) {
                        // {"metric.name", ...}: a quoted metric name inside the braces.
                        name = labelName;
                        first = afterLabel();
                        continue;
                    }
                } else {
                    labelName = labelName();
                }
                skipSpaces(false);
                if (pos >= line.length() || line.charAt(pos) != '=') {
                    throw error("expected '=' after label name '" + labelName + "'");
                }
                pos++;
                skipSpaces(false);
                if (pos >= line.length() || line.charAt(pos) != '"') {
                    throw error("label value of '" + labelName + "' must be quoted");
                }
                String value = quoted();
                if (labelName.equals(Labels.METRIC_NAME)) {
                    throw errorAt(nameColumn, "label name __name__ is reserved for the metric name");
                }
                if (builder.get(labelName) != null) {
                    throw errorAt(nameColumn, "label '" + labelName + "' appears twice");
                }
                builder.set(labelName, value);
                first = afterLabel();
            }
        }
        if (name == null) {
            throw error("sample has no metric name");
        }
        builder.set(Labels.METRIC_NAME, name);
        return builder.build();
    }

    /** After a label: consumes an optional ',' and reports whether another label may follow freely. */
    private boolean afterLabel() throws ExpositionParseException {
        skipSpaces(false);
        if (pos < line.length() && line.charAt(pos) == ',') {
            pos++;
            return true;
        }
        return false;
    }

    private String metricName() throws ExpositionParseException {
        if (pos < line.length() && line.charAt(pos) == '"') {
            return quoted();
        }
        int start = pos;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (pos > start && c >= '0' && c <= '9');
            if (!ok) {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw error("expected a metric name");
        }
        return line.substring(start, pos);
    }

    private String labelName() throws ExpositionParseException {
        int start = pos;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (pos > start && c >= '0' && c <= '9');
            if (!ok) {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw error("expected a label name");
        }
        return line.substring(start, pos);
    }

    /** A double-quoted string with {@code \\}, {@code \"} and {@code \n} escapes; pos is on the opening quote. */
    private String quoted() throws ExpositionParseException {
        int start = ++pos;
        StringBuilder out = null;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (c == '"') {
                String s = out == null ? line.substring(start, pos) : out.toString();
                pos++;
                return s;
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder(line.substring(start, pos));
                }
                if (pos + 1 >= line.length()) {
                    break;
                }
                char n = line.charAt(++pos);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    default -> {
                        if (format == ExpositionFormat.OPENMETRICS) {
                            throw error("invalid escape '\\" + n + "'");
                        }
                        out.append('\\').append(n);
                    }
                }
            } else if (out != null) {
                out.append(c);
            }
            pos++;
        }
        throw error("string not closed with '\"'");
    }

    private void skipSpaces(boolean required) throws ExpositionParseException {
        int start = pos;
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
        if (required && pos == start) {
            throw error(pos >= line.length() ? "sample has no value" : "expected a space before the value");
        }
    }

    private String valueToken() throws ExpositionParseException {
        int start = pos;
        while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
            pos++;
        }
        if (pos == start) {
            throw error("expected a number");
        }
        return line.substring(start, pos);
    }

    private double value(String token) throws ExpositionParseException {
        switch (token) {
            case "NaN":
                return Double.NaN;
            case "+Inf", "Inf", "+inf", "inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf", "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char last = token.charAt(token.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            throw errorAt(pos - token.length(), "'" + token + "' is not a number");
        }
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw errorAt(pos - token.length(), "'" + token + "' is not a number");
        }
    }

    private long timestamp(String token) throws ExpositionParseException {
        int column = pos - token.length();
        try {
            if (format == ExpositionFormat.PROMETHEUS_TEXT) {
                return Long.parseLong(token);
            }
            return secondsToMillis(token);
        } catch (NumberFormatException e) {
            throw errorAt(column, "'" + token + "' is not a timestamp");
        }
    }

    /** Seconds with an optional fraction, to milliseconds, exactly for up to three decimals. */
    static long secondsToMillis(String token) {
        int dot = token.indexOf('.');
        if (token.indexOf('e') >= 0 || token.indexOf('E') >= 0) {
            double seconds = Double.parseDouble(token);
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw new NumberFormatException(token);
            }
            return Math.round(seconds * 1000.0);
        }
        if (dot < 0) {
            return Math.multiplyExact(Long.parseLong(token), 1000L);
        }
        long whole = dot == 0 || (dot == 1 && token.charAt(0) == '-') ? 0 : Long.parseLong(token.substring(0, dot));
        boolean negative = token.charAt(0) == '-';
        String fraction = token.substring(dot + 1);
        long millis = 0;
        for (int i = 0; i < 3; i++) {
            char c = i < fraction.length() ? fraction.charAt(i) : '0';
            if (c < '0' || c > '9') {
                throw new NumberFormatException(token);
            }
            millis = millis * 10 + (c - '0');
        }
        for (int i = 3; i < fraction.length(); i++) {
            if (fraction.charAt(i) < '0' || fraction.charAt(i) > '9') {
                throw new NumberFormatException(token);
            }
        }
        return Math.addExact(Math.multiplyExact(whole, 1000L), negative ? -millis : millis);
    }

    private ExpositionSink.ParsedExemplar exemplar() throws ExpositionParseException {
        pos++;
        skipSpaces(true);
        if (pos >= line.length() || line.charAt(pos) != '{') {
            throw error("exemplar must start with '{'");
        }
        Labels.Builder exemplarLabels = Labels.builder();
        pos++;
        while (true) {
            skipSpaces(false);
            if (pos >= line.length()) {
                throw error("exemplar labels not closed with '}'");
            }
            if (line.charAt(pos) == '}') {
                pos++;
                break;
            }
            String name = line.charAt(pos) == '"' ? quoted() : labelName();
            if (pos >= line.length() || line.charAt(pos) != '=') {
                throw error("expected '=' after exemplar label name");
            }
            pos++;
            if (pos >= line.length() || line.charAt(pos) != '"') {
                throw error("exemplar label value must be quoted");
            }
            exemplarLabels.set(name, quoted());
            afterLabel();
        }
        skipSpaces(true);
        double value = value(valueToken());
        long timestamp = ExpositionSink.NO_TIMESTAMP;
        skipSpaces(false);
        if (pos < line.length()) {
            timestamp = secondsToMillisOrError(valueToken());
            skipSpaces(false);
        }
        if (pos < line.length()) {
            throw error("unexpected text after the exemplar");
        }
        return new ExpositionSink.ParsedExemplar(exemplarLabels.build(), value, timestamp);
    }

    private long secondsToMillisOrError(String token) throws ExpositionParseException {
        try {
            return secondsToMillis(token);
        } catch (NumberFormatException e) {
            throw errorAt(pos - token.length(), "'" + token + "' is not a timestamp");
        }
    }

    private ExpositionParseException error(String message) {
        return errorAt(pos, message);
    }

    private ExpositionParseException errorAt(int index, String message) {
        return new ExpositionParseException(lineNumber, index + 1, message);
    }
}
