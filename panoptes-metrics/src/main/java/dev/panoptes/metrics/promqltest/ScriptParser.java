package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.time.Durations;
import dev.panoptes.metrics.promql.parser.ParseException;
import dev.panoptes.metrics.promql.parser.Parser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses a whole test script up front, as the reference runner does: lines are trimmed, comment
 * lines become blank lines (so a comment ends a block), blocks are separated by blank lines, and
 * any syntax error, including an eval expression that does not parse, fails the whole file.
 * Stateless.
 */
final class ScriptParser {

    private static final Pattern SPACE = Pattern.compile("[\t ]+");
    private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
    private static final Pattern EVAL_INSTANT =
            Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern EVAL_RANGE =
            Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
    private static final Pattern EXPECT =
            Pattern.compile("^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
    private static final String RANGE_VECTOR_PREFIX = "expect range vector";
    private static final Pattern EXPECT_RANGE =
            Pattern.compile("^" + RANGE_VECTOR_PREFIX + "\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");
    private static final String STRING_PREFIX = "expect string";

    private ScriptParser() {
    }

    static Script parse(String content) throws ScriptParseException {
        String[] lines = lines(content);
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                continue;
            }
            String word = SPACE.split(l, 2)[0].toLowerCase(Locale.ROOT);
            if (word.equals("clear")) {
                commands.add(new Command.Clear(i + 1));
            } else if (word.startsWith("load")) {
                i = load(lines, i, commands);
            } else if (word.startsWith("eval")) {
                i = new EvalBlock(lines, i).parse(commands);
            } else {
                throw new ScriptParseException(i + 1, "invalid command \"" + l + "\"");
            }
        }
        return new Script(commands);
    }

    /**
     * How many evals a script holds, counted from header lines alone: what a file that does not
     * parse counts as failed.
     */
    static int countEvalHeaders(String content) {
        int n = 0;
        for (String l : lines(content)) {
            if (!l.isEmpty() && SPACE.split(l, 2)[0].toLowerCase(Locale.ROOT).startsWith("eval")) {
                n++;
            }
        }
        return n;
    }

    private static String[] lines(String content) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            lines[i] = l.startsWith("#") ? "" : l;
        }
        return lines;
    }

    static long time(String text, int line, String what) throws ScriptParseException {
        try {
            return Durations.parse(text).toMillis();
        } catch (IllegalArgumentException e) {
            throw new ScriptParseException(line, "invalid " + what + " \"" + text + "\": " + e.getMessage());
        }
    }

    private static int load(String[] lines, int i, List<Command> commands) throws ScriptParseException {
        int header = i + 1;
        Matcher m = LOAD.matcher(lines[i]);
        if (!m.matches()) {
            throw new ScriptParseException(header, "invalid load command (load[_with_nhcb] <interval>)");
        }
        long interval = time(m.group(2), header, "load interval");
        Map<Labels, SeriesLine> series = new LinkedHashMap<>();
        SeriesDescriptionParser.StartTimestampLine pending = null;
        int pendingLine = 0;
        boolean startTimestamps = false;
        while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
            i++;
            SeriesDescriptionParser.StartTimestampLine st = SeriesDescriptionParser.parseStartTimestampLine(lines[i], i + 1);
            if (st != null) {
                if (pending != null) {
                    throw new ScriptParseException(pendingLine, "@st line has no following sample line");
                }
                pending = st;
                pendingLine = i + 1;
                startTimestamps = true;
                continue;
            }
            SeriesLine s = SeriesDescriptionParser.parseLine(lines[i], i + 1);
            if (pending != null) {
                if (!pending.labels().equals(s.labels())) {
                    throw new ScriptParseException(pendingLine, "@st series does not match the following sample line's series");
                }
                if (pending.positions() != s.values().size()) {
                    throw new ScriptParseException(pendingLine, "@st line has " + pending.positions()
                            + " values but the sample line has " + s.values().size());
                }
                s = s.withStartOffsets(pending.offsets());
                pending = null;
            }
            series.remove(s.labels());
            series.put(s.labels(), s);
        }
        if (pending != null) {
            throw new ScriptParseException(pendingLine, "@st line has no following sample line");
        }
        commands.add(new Command.Load(header, interval, m.group(1) != null, List.copyOf(series.values()), startTimestamps));
        return i;
    }

    /** The header and following lines of one eval block. */
    private static final class EvalBlock {
        private final String[] lines;
        private int i;
        private final int header;
        private boolean range;
        private String expr;
        private long start;
        private long end;
        private long step;
        private long evalTime;
        private boolean fail;
        private final List<TextMatch> failMatches = new ArrayList<>();
        private final List<TextMatch> warns = new ArrayList<>();
        private final List<TextMatch> infos = new ArrayList<>();
        private boolean warnRequired;
        private boolean infoRequired;
        private boolean noWarn;
        private boolean noInfo;
        private boolean ordered;
        private boolean expectFailSeen;
        private String expectedString;
        private boolean rangeVector;
        private boolean expectScalar;
        private double scalar;
        private final Map<Labels, EvalCommand.ExpectedSeries> expected = new LinkedHashMap<>();

        EvalBlock(String[] lines, int i) {
            this.lines = lines;
            this.i = i;
            this.header = i + 1;
        }

        int parse(List<Command> commands) throws ScriptParseException {
            header(lines[i]);
            int position = 1;
            while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
                String l = lines[++i];
                if (fail && l.startsWith("expected_fail_message")) {
                    failMatches.add(new TextMatch(l.substring("expected_fail_message".length()).strip(), null));
                    break;
                }
                if (fail && l.startsWith("expected_fail_regexp")) {
                    failMatches.add(new TextMatch(null, regex(l.substring("expected_fail_regexp".length()).strip())));
                    break;
                }
                if (l.startsWith(RANGE_VECTOR_PREFIX)) {
                    expectRangeVector(l);
                } else if (l.startsWith(STRING_PREFIX)) {
                    expectString(l);
                } else if (l.split(" ", -1)[0].equals("expect")) {
                    expectLine(l);
                    continue;
                } else {
                    Double number = ValueText.parseScalarLine(l);
                    if (number != null) {
                        expectScalar = true;
                        scalar = number;
                        break;
                    }
                    SeriesLine s = SeriesDescriptionParser.parseLine(l, i + 1);
                    if (s.values().size() > 1 && !range && !rangeVector) {
                        throw new ScriptParseException(i + 1, "an instant eval expects one value per series;"
                                + " use 'expect range vector' for a range vector result");
                    }
                    expectScalar = false;
                    expected.remove(s.labels());
                    expected.put(s.labels(), new EvalCommand.ExpectedSeries(s, position));
                }
                position++;
            }
            if (!range && !rangeVector) {
                start = evalTime;
                end = evalTime;
                step = 0;
            }
            Expectations expect = new Expectations(fail, failMatches, warns, infos, warnRequired, infoRequired, noWarn,
                    noInfo, ordered, expectedString, rangeVector);
            commands.add(new EvalCommand(header, expr, range, start, end, step, evalTime, expect, expectScalar, scalar,
                    List.copyOf(expected.values())));
            return i;
        }

        private void header(String l) throws ScriptParseException {
            Matcher instant = EVAL_INSTANT.matcher(l);
            Matcher rangeMatch = EVAL_RANGE.matcher(l);
            String modifier;
            if (instant.matches()) {
                modifier = instant.group(1);
                expr = instant.group(3);
            } else if (rangeMatch.matches()) {
                range = true;
                modifier = rangeMatch.group(1);
                expr = rangeMatch.group(5);
            } else {
                throw new ScriptParseException(header, "invalid eval command: must be 'eval[_fail|_warn|_info|_ordered]"
                        + " instant at <time> <query>' or 'eval[_fail|_warn|_info] range from <start> to <end> step <step> <query>'");
            }
            try {
                Parser.parse(expr);
            } catch (ParseException e) {
                throw new ScriptParseException(header, "query " + expr + " does not parse: " + e.getMessage());
            }
            if (range) {
                start = time(rangeMatch.group(2), header, "start time");
                end = time(rangeMatch.group(3), header, "end time");
                if (end < start) {
                    throw new ScriptParseException(header, "end time " + rangeMatch.group(3) + " is before start time "
                            + rangeMatch.group(2));
                }
                step = time(rangeMatch.group(4), header, "step");
            } else {
                evalTime = time(instant.group(2) == null ? "" : instant.group(2), header, "evaluation time");
            }
            if (modifier != null) {
                switch (modifier) {
                    case "fail" -> fail = true;
                    case "warn" -> warnRequired = true;
                    case "info" -> infoRequired = true;
                    default -> ordered = true;
                }
            }
        }

        private void expectRangeVector(String l) throws ScriptParseException {
            Matcher m = EXPECT_RANGE.matcher(l);
            if (!m.matches()) {
                throw new ScriptParseException(i + 1, "invalid range vector definition \"" + l + "\"");
            }
            long from = time(m.group(1), i + 1, "start time");
            long to = time(m.group(2), i + 1, "end time");
            if (to < from) {
                throw new ScriptParseException(i + 1, "end time is before start time in \"" + l + "\"");
            }
            step = time(m.group(3), i + 1, "step");
            start = from;
            end = to;
            evalTime = to;
            rangeVector = true;
        }

        private void expectString(String l) throws ScriptParseException {
            String literal = l.equals(STRING_PREFIX) ? "" : l.startsWith(STRING_PREFIX + " ")
                    ? l.substring(STRING_PREFIX.length() + 1) : "";
            if (literal.isEmpty() || !(literal.startsWith("\"") || literal.startsWith("`"))) {
                throw new ScriptParseException(i + 1, "expect string needs a quoted string literal");
            }
            expectedString = SeriesDescriptionParser.unquote(literal, i + 1);
        }

        private void expectLine(String l) throws ScriptParseException {
            Matcher m = EXPECT.matcher(l.strip());
            if (!m.matches()) {
                throw new ScriptParseException(i + 1, "invalid expect line \"" + l
                        + "\": must be 'expect <kind>' or 'expect <kind> msg|regex: <text>'");
            }
            TextMatch match = m.group(2) == null ? TextMatch.any()
                    : m.group(2).equals("msg") ? new TextMatch(m.group(3).strip(), null) : new TextMatch(null, regex(m.group(3).strip()));
            switch (m.group(1)) {
                case "ordered" -> ordered = true;
                case "fail" -> {
                    if (expectFailSeen) {
                        throw new ScriptParseException(i + 1, "more than one expect fail line");
                    }
                    expectFailSeen = true;
                    fail = true;
                    failMatches.add(match);
                }
                case "warn" -> warns.add(match);
                case "info" -> infos.add(match);
                case "no_warn" -> noWarn = true;
                default -> noInfo = true;
            }
            if (!warns.isEmpty() && noWarn) {
                throw new ScriptParseException(i + 1, "expect warn and expect no_warn cannot be used together");
            }
            if (!infos.isEmpty() && noInfo) {
                throw new ScriptParseException(i + 1, "expect info and expect no_info cannot be used together");
            }
        }

        private Pattern regex(String pattern) throws ScriptParseException {
            try {
                return Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new ScriptParseException(i + 1, "invalid regular expression " + pattern + ": " + e.getDescription());
            }
        }
    }
}
