package dev.panoptes.logs.logql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.logs.logql.LogQLLexer.Kind;
import dev.panoptes.logs.logql.LogQLLexer.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the log side of LogQL: stream selectors, pipeline stages, label filters and
 * {@code | unwrap}. Words are keywords by position, case-insensitively as in Loki: after
 * {@code |}, a name followed by a comparison operator starts a label filter ({@code | json="x"}
 * filters a label called json) and otherwise names a stage.
 *
 * <p>Label filters follow Loki's precedence: {@code and}, {@code ,} and juxtaposition bind tighter
 * than {@code or}; parentheses group.
 */
final class PipelineParser {

    private static final String EMPTY_COMPATIBLE = "parse error : queries require at least one regexp or equality matcher that does not "
            + "have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";

    /** The stages of a log query and, inside a range aggregation, its unwrap (null when absent). */
    record Pipeline(List<PipelineStage> stages, Unwrap unwrap) {

        boolean isEmpty() {
            return stages.isEmpty() && unwrap == null;
        }
    }

    private final TokenCursor in;

    PipelineParser(TokenCursor in) {
        this.in = in;
    }

    StreamSelector selector() throws LogQLParseException {
        in.expect(Kind.OPEN_BRACE, "{");
        List<LabelMatcher> matchers = new ArrayList<>();
        while (!in.at(Kind.CLOSE_BRACE)) {
            Token name = in.expect(Kind.IDENTIFIER, "label name");
            Token op = in.next();
            MatchType type = matchType(op);
            if (type == null) {
                throw TokenCursor.syntax(op, "= or != or =~ or !~");
            }
            matchers.add(matcher(type, name, in.expect(Kind.STRING, "STRING")));
            if (in.at(Kind.COMMA)) {
                in.next();
            } else if (!in.at(Kind.CLOSE_BRACE)) {
                throw TokenCursor.syntax(in.peek(), ", or }");
            }
        }
        in.next();
        boolean selective = false;
        for (LabelMatcher m : matchers) {
            selective |= !m.matchesEmpty();
        }
        if (!selective) {
            throw new LogQLParseException(EMPTY_COMPATIBLE);
        }
        return new StreamSelector(matchers);
    }

    /**
     * The stages from here on, stopping at the first token that cannot continue a pipeline.
     *
     * @param allowUnwrap whether {@code | unwrap} may end the pipeline (inside a range aggregation)
     */
    Pipeline pipeline(boolean allowUnwrap) throws LogQLParseException {
        List<PipelineStage> stages = new ArrayList<>();
        while (true) {
            switch (in.peek().kind()) {
                case PIPE_EXACT, NEQ, PIPE_MATCH, NRE, PIPE_PATTERN, NPA -> stages.add(lineFilter());
                case PIPE -> {
                    Token word = in.peek(1);
                    if (word.is("unwrap") && !TokenCursor.isComparison(in.peek(2).kind())) {
                        if (!allowUnwrap) {
                            throw TokenCursor.syntax(word, "a pipeline stage (unwrap belongs inside a range aggregation such as "
                                    + "sum_over_time({...} | unwrap x [5m]))");
                        }
                        in.next();
                        in.next();
                        return new Pipeline(stages, unwrap());
                    }
                    in.next();
                    stages.add(stage());
                }
                default -> {
                    return new Pipeline(stages, null);
                }
            }
        }
    }

    private LineFilter lineFilter() throws LogQLParseException {
        Token opToken = in.next();
        LineFilter.Op op = switch (opToken.kind()) {
            case PIPE_EXACT -> LineFilter.Op.CONTAINS;
            case NEQ -> LineFilter.Op.NOT_CONTAINS;
            case PIPE_MATCH -> LineFilter.Op.MATCHES;
            case NRE -> LineFilter.Op.NOT_MATCHES;
            case PIPE_PATTERN -> LineFilter.Op.PATTERN;
            default -> LineFilter.Op.NOT_PATTERN;
        };
        List<LineFilter.Operand> operands = new ArrayList<>();
        operands.add(lineFilterOperand(op));
        while (in.atWord("or")) {
            in.next();
            operands.add(lineFilterOperand(op));
        }
        return new LineFilter(op, operands);
    }

    private LineFilter.Operand lineFilterOperand(LineFilter.Op op) throws LogQLParseException {
        Token t = in.peek();
        if (t.is("ip") && in.peek(1).kind() == Kind.OPEN_PAREN) {
            if (op != LineFilter.Op.CONTAINS && op != LineFilter.Op.NOT_CONTAINS) {
                throw TokenCursor.error(t, "ip: invalid operation: ip() line filters take |= or !=, not " + op.symbol());
            }
            return new LineFilter.Operand(ipArgument(), true);
        }
        Token value = in.expect(Kind.STRING, "STRING");
        if (op.isRegex()) {
            checkRegex(value, value.text());
        } else if (op.isPattern()) {
            String problem = LinePattern.parse(value.text()).filterProblem();
            if (problem != null) {
                throw TokenCursor.error(value, "invalid pattern line filter: " + problem);
            }
        }
        return new LineFilter.Operand(value.text(), false);
    }

    /** {@code ip("...")} from its {@code ip} word; returns the pattern, checked. */
    private String ipArgument() throws LogQLParseException {
        in.next();
        in.expect(Kind.OPEN_PAREN, "(");
        Token pattern = in.expect(Kind.STRING, "STRING");
        try {
            IpPattern.parse(pattern.text());
        } catch (IllegalArgumentException e) {
            throw TokenCursor.error(pattern, e.getMessage());
        }
        in.expect(Kind.CLOSE_PAREN, ")");
        return pattern.text();
    }

    /** A line_format or label_format template must parse, as Loki checks when it builds the stage. */
    private static void checkTemplate(Token template, String name, String prefix) throws LogQLParseException {
        try {
            dev.panoptes.logs.logql.template.LogTemplate.parse(name, template.text());
        } catch (dev.panoptes.logs.logql.template.TemplateException e) {
            throw TokenCursor.error(template, prefix + e.getMessage());
        }
    }

    /** The stage after a {@code |}. */
    private PipelineStage stage() throws LogQLParseException {
        if (startsLabelFilter()) {
            return new PipelineStage.LabelFilterStage(labelFilter());
        }
        Token word = in.peek();
        String name = word.kind() == Kind.IDENTIFIER ? word.text().toLowerCase(Locale.ROOT) : "";
        switch (name) {
            case "json" -> {
                in.next();
                Token at = in.peek();
                List<PipelineStage.LabelExtraction> extractions = extractions();
                for (PipelineStage.LabelExtraction e : extractions) {
                    try {
                        JsonPath.parse(e.expression());
                    } catch (IllegalArgumentException bad) {
                        throw TokenCursor.error(at, "cannot parse expression [" + e.expression() + "]: " + bad.getMessage());
                    }
                }
                return new PipelineStage.JsonParser(extractions);
            }
            case "logfmt" -> {
                in.next();
                boolean strict = false;
                boolean keepEmpty = false;
                while (in.at(Kind.FLAG)) {
                    String flag = in.next().text();
                    strict |= flag.equals("--strict");
                    keepEmpty |= flag.equals("--keep-empty");
                }
                return new PipelineStage.LogfmtParser(strict, keepEmpty, extractions());
            }
            case "regexp" -> {
                in.next();
                Token regex = in.expect(Kind.STRING, "STRING");
                Pattern compiled = checkRegex(regex, regex.text());
                if (compiled.namedGroups().isEmpty()) {
                    throw TokenCursor.error(regex, "invalid regexp parser: at least one named capture must be supplied");
                }
                return new PipelineStage.RegexpParser(regex.text());
            }
            case "pattern" -> {
                in.next();
                Token pattern = in.expect(Kind.STRING, "STRING");
                String problem = LinePattern.parse(pattern.text()).parserProblem();
                if (problem != null) {
                    throw TokenCursor.error(pattern, "invalid pattern parser: " + problem);
                }
                return new PipelineStage.PatternParser(pattern.text());
            }
            case "unpack" -> {
                in.next();
                return new PipelineStage.UnpackParser();
            }
            case "line_format" -> {
                in.next();
                Token template = in.expect(Kind.STRING, "STRING");
                checkTemplate(template, "line", "invalid line template: ");
                return new PipelineStage.LineFormat(template.text());
            }
            case "label_format" -> {
                in.next();
                return labelFormat();
            }
            case "decolorize" -> {
                in.next();
                return new PipelineStage.Decolorize();
            }
            case "drop" -> {
                in.next();
                return new PipelineStage.DropLabels(namedMatchers());
            }
            case "keep" -> {
                in.next();
                return new PipelineStage.KeepLabels(namedMatchers());
            }
            default -> throw TokenCursor.syntax(word, "a pipeline stage (json, logfmt, regexp, pattern, unpack, a label filter, "
                    + "line_format, label_format, drop, keep or decolorize)");
        }
    }

    /** {@code a="x.y", b} after json or logfmt; none when no name follows. */
    private List<PipelineStage.LabelExtraction> extractions() throws LogQLParseException {
        List<PipelineStage.LabelExtraction> out = new ArrayList<>();
        if (!in.at(Kind.IDENTIFIER)) {
            return out;
        }
        do {
            if (!out.isEmpty()) {
                in.next();
            }
            Token label = in.expect(Kind.IDENTIFIER, "label name");
            String expression = label.text();
            if (in.at(Kind.EQ)) {
                in.next();
                expression = in.expect(Kind.STRING, "STRING").text();
            }
            out.add(new PipelineStage.LabelExtraction(label.text(), expression));
        } while (in.at(Kind.COMMA));
        return out;
    }

    private PipelineStage.LabelFormat labelFormat() throws LogQLParseException {
        List<PipelineStage.LabelFormat.Entry> entries = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        do {
            if (!entries.isEmpty()) {
                in.next();
            }
            Token target = in.expect(Kind.IDENTIFIER, "label name");
            in.expect(Kind.EQ, "=");
            Token value = in.next();
            if (value.kind() != Kind.IDENTIFIER && value.kind() != Kind.STRING) {
                throw TokenCursor.syntax(value, "IDENTIFIER or STRING");
            }
            if (!targets.add(target.text())) {
                throw TokenCursor.error(target, "multiple label name '" + target.text() + "' not allowed in a single format operation");
            }
            if (value.kind() == Kind.STRING) {
                checkTemplate(value, "label", "invalid template for label '" + target.text() + "': ");
            }
            entries.add(new PipelineStage.LabelFormat.Entry(target.text(), value.text(), value.kind() == Kind.IDENTIFIER));
        } while (in.at(Kind.COMMA));
        return new PipelineStage.LabelFormat(entries);
    }

    /** The names and conditions after drop or keep. */
    private List<PipelineStage.NamedLabelMatcher> namedMatchers() throws LogQLParseException {
        List<PipelineStage.NamedLabelMatcher> out = new ArrayList<>();
        do {
            if (!out.isEmpty()) {
                in.next();
            }
            Token name = in.expect(Kind.IDENTIFIER, "label name");
            MatchType type = matchType(in.peek());
            if (type == null) {
                out.add(new PipelineStage.NamedLabelMatcher(name.text(), null));
                continue;
            }
            in.next();
            out.add(new PipelineStage.NamedLabelMatcher(name.text(), matcher(type, name, in.expect(Kind.STRING, "STRING"))));
        } while (in.at(Kind.COMMA));
        return out;
    }

    /** {@code unwrap x} or {@code unwrap duration(x)} (after {@code | unwrap}), then its label filters. */
    private Unwrap unwrap() throws LogQLParseException {
        Unwrap.Conversion conversion = Unwrap.Conversion.NONE;
        Token word = in.peek();
        if (in.peek(1).kind() == Kind.OPEN_PAREN && word.kind() == Kind.IDENTIFIER) {
            for (Unwrap.Conversion c : Unwrap.Conversion.values()) {
                if (c != Unwrap.Conversion.NONE && word.is(c.function())) {
                    conversion = c;
                }
            }
            if (conversion == Unwrap.Conversion.NONE) {
                throw TokenCursor.syntax(word, "label name or bytes(...) or duration(...) or duration_seconds(...)");
            }
            in.next();
            in.next();
        }
        String label = in.expect(Kind.IDENTIFIER, "label name").text();
        if (conversion != Unwrap.Conversion.NONE) {
            in.expect(Kind.CLOSE_PAREN, ")");
        }
        List<LabelFilter> postFilters = new ArrayList<>();
        while (in.at(Kind.PIPE)) {
            in.next();
            if (!startsLabelFilter()) {
                throw TokenCursor.syntax(in.peek(), "a label filter (only label filters may follow unwrap)");
            }
            postFilters.add(labelFilter());
        }
        return new Unwrap(label, conversion, postFilters);
    }

    private boolean startsLabelFilter() {
        return in.at(Kind.OPEN_PAREN) || (in.at(Kind.IDENTIFIER) && TokenCursor.isComparison(in.peek(1).kind()));
    }

    /** A label filter expression: {@code or} of conjunctions. */
    LabelFilter labelFilter() throws LogQLParseException {
        List<LabelFilter> operands = new ArrayList<>();
        operands.add(conjunction());
        while (in.atWord("or")) {
            in.next();
            operands.add(conjunction());
        }
        return operands.size() == 1 ? operands.get(0) : new LabelFilter.Or(operands);
    }

    private LabelFilter conjunction() throws LogQLParseException {
        List<LabelFilter> operands = new ArrayList<>();
        operands.add(labelFilterOperand());
        while (true) {
            if (in.at(Kind.COMMA) || in.atWord("and")) {
                in.next();
            } else if (!startsLabelFilter()) {
                return operands.size() == 1 ? operands.get(0) : new LabelFilter.And(operands);
            }
            operands.add(labelFilterOperand());
        }
    }

    private LabelFilter labelFilterOperand() throws LogQLParseException {
        if (in.at(Kind.OPEN_PAREN)) {
            Token open = in.next();
            in.enter(open);
            LabelFilter inner = labelFilter();
            in.expect(Kind.CLOSE_PAREN, ")");
            in.leave();
            return inner;
        }
        Token name = in.expect(Kind.IDENTIFIER, "label name or (");
        Token op = in.next();
        if (!TokenCursor.isComparison(op.kind())) {
            throw TokenCursor.syntax(op, "= or != or =~ or !~ or == or > or >= or < or <=");
        }
        Token value = in.peek();
        MatchType type = matchType(op);
        if (type != null && value.kind() == Kind.STRING) {
            in.next();
            return new LabelFilter.StringMatch(matcher(type, name, value));
        }
        if ((type == MatchType.EQUAL || type == MatchType.NOT_EQUAL) && value.is("ip") && in.peek(1).kind() == Kind.OPEN_PAREN) {
            return new LabelFilter.IpMatch(name.text(), type == MatchType.NOT_EQUAL, ipArgument());
        }
        if (type != null && type.isRegex()) {
            throw TokenCursor.syntax(value, "STRING");
        }
        LabelFilter.Comparison comparison = switch (op.kind()) {
            case EQ, CMP_EQ -> LabelFilter.Comparison.EQ;
            case NEQ -> LabelFilter.Comparison.NEQ;
            case GT -> LabelFilter.Comparison.GT;
            case GTE -> LabelFilter.Comparison.GTE;
            case LT -> LabelFilter.Comparison.LT;
            default -> LabelFilter.Comparison.LTE;
        };
        switch (value.kind()) {
            case DURATION -> {
                in.next();
                return new LabelFilter.DurationCompare(name.text(), comparison, durationValue(value));
            }
            case BYTES -> {
                in.next();
                return new LabelFilter.BytesCompare(name.text(), comparison, bytesValue(value));
            }
            case NUMBER, ADD, SUB -> {
                return new LabelFilter.NumberCompare(name.text(), comparison, signedNumber());
            }
            default -> throw TokenCursor.syntax(value, type != null ? "STRING or NUMBER or DURATION or BYTES or ip(...)"
                    : "NUMBER or DURATION or BYTES");
        }
    }

    /** A number with an optional sign, as Loki's literals are written. */
    double signedNumber() throws LogQLParseException {
        boolean negative = false;
        if (in.at(Kind.ADD) || in.at(Kind.SUB)) {
            negative = in.next().kind() == Kind.SUB;
        }
        double v = number(in.expect(Kind.NUMBER, "NUMBER"));
        return negative ? -v : v;
    }

    static double number(Token t) throws LogQLParseException {
        double v;
        try {
            v = Double.parseDouble(t.text());
        } catch (NumberFormatException e) {
            throw TokenCursor.error(t, "unable to parse literal as a float: invalid syntax: " + t.text());
        }
        if (Double.isInfinite(v)) {
            throw TokenCursor.error(t, "unable to parse literal as a float: strconv.ParseFloat: parsing \"" + t.text() + "\": value out of range");
        }
        return v;
    }

    static Duration durationValue(Token t) throws LogQLParseException {
        try {
            return LogQLUnits.duration(t.text());
        } catch (IllegalArgumentException e) {
            throw TokenCursor.error(t, e.getMessage());
        }
    }

    private static long bytesValue(Token t) throws LogQLParseException {
        try {
            return LogQLUnits.bytes(t.text());
        } catch (IllegalArgumentException e) {
            throw TokenCursor.error(t, e.getMessage());
        }
    }

    private static MatchType matchType(Token op) {
        return switch (op.kind()) {
            case EQ -> MatchType.EQUAL;
            case NEQ -> MatchType.NOT_EQUAL;
            case RE -> MatchType.REGEX;
            case NRE -> MatchType.NOT_REGEX;
            default -> null;
        };
    }

    private static LabelMatcher matcher(MatchType type, Token name, Token value) throws LogQLParseException {
        if (type.isRegex()) {
            // Compiled alone first so that the error quotes the user's pattern, not the matcher's anchored form.
            checkRegex(value, value.text());
        }
        try {
            return LabelMatcher.of(type, name.text(), value.text());
        } catch (PatternSyntaxException e) {
            throw TokenCursor.error(value, e.getMessage());
        }
    }

    static Pattern checkRegex(Token at, String regex) throws LogQLParseException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw TokenCursor.error(at, e.getMessage());
        }
    }
}
