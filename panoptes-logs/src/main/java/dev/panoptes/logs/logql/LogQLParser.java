package dev.panoptes.logs.logql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.panoptes.logs.logql.LogQLLexer.Kind;
import dev.panoptes.logs.logql.LogQLLexer.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses LogQL text (the language of Loki 3) into a {@link LogQLExpr}: log queries with every
 * pipeline stage, and metric queries (range and vector aggregations, binary operations with
 * vector matching, literals, {@code vector()}, {@code label_replace()}). A recursive-descent
 * parser over {@link LogQLLexer}'s tokens, with precedence climbing for binary operators
 * ({@code or} < {@code and unless} < comparisons < {@code + -} < {@code * / %} < {@code ^}, which
 * alone groups right to left); the log side is {@link PipelineParser}'s.
 *
 * <p>Errors have Loki's shape, {@code parse error at line L, col C: ...}, naming the token found
 * and what was expected; the checks Loki makes while parsing (an unwrap where the aggregation
 * needs one, a parameter where the operation takes one, regexes that compile, a selector that does
 * not match every stream...) are made here too, in Loki's words. Queries of 128 KiB or more,
 * deeper than {@link TokenCursor#MAX_NESTING} levels or with more than
 * {@link TokenCursor#MAX_BINARY_OPERATIONS} binary operations are refused, so that no input can
 * exhaust the stack.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogQLParser {

    /** Loki's limit on the length of a query. */
    static final int MAX_INPUT_SIZE = 131072;

    private final TokenCursor in;
    private final PipelineParser logs;

    private LogQLParser(List<Token> tokens) {
        this.in = new TokenCursor(tokens);
        this.logs = new PipelineParser(in);
    }

    /** Parses a whole query, a log query or a metric query. */
    public static LogQLExpr parse(String query) throws LogQLParseException {
        if (query.length() >= MAX_INPUT_SIZE) {
            throw new LogQLParseException("parse error : input size too long (" + query.length() + " > " + MAX_INPUT_SIZE + ")");
        }
        LogQLParser parser = new LogQLParser(LogQLLexer.tokens(query));
        LogQLExpr expr = parser.expr(1);
        parser.in.expect(Kind.EOF, "end of query");
        return expr;
    }

    /** Parses a log query ({@code {app="api"} | json | level="error"}), refusing a metric query. */
    public static LogSelectorExpr parseLogSelector(String query) throws LogQLParseException {
        if (parse(query) instanceof LogSelectorExpr logs) {
            return logs;
        }
        throw new LogQLParseException("only log selector is supported");
    }

    /** Parses a metric query, refusing a log query. */
    public static MetricExpr parseMetric(String query) throws LogQLParseException {
        if (parse(query) instanceof MetricExpr metric) {
            return metric;
        }
        throw new LogQLParseException("only sample expression supported");
    }

    /** Binary operations whose operators bind at least as tightly as {@code minPrecedence}. */
    private LogQLExpr expr(int minPrecedence) throws LogQLParseException {
        LogQLExpr left = unary();
        while (true) {
            Token opToken = in.peek();
            BinaryOpExpr.Op op = binaryOp(opToken);
            if (op == null || op.precedence() < minPrecedence) {
                return left;
            }
            in.next();
            in.countBinaryOperation(opToken);
            boolean returnBool = false;
            if (in.atWord("bool")) {
                Token bool = in.next();
                if (!op.isComparison()) {
                    throw TokenCursor.error(bool, "bool modifier can only be used on comparison operators");
                }
                returnBool = true;
            }
            BinaryOpExpr.VectorMatching matching = vectorMatching();
            in.enter(opToken);
            LogQLExpr right = expr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
            in.leave();
            left = binary(opToken, op, left, right, returnBool, matching);
        }
    }

    private static BinaryOpExpr.Op binaryOp(Token t) {
        return switch (t.kind()) {
            case ADD -> BinaryOpExpr.Op.ADD;
            case SUB -> BinaryOpExpr.Op.SUB;
            case MUL -> BinaryOpExpr.Op.MUL;
            case DIV -> BinaryOpExpr.Op.DIV;
            case MOD -> BinaryOpExpr.Op.MOD;
            case POW -> BinaryOpExpr.Op.POW;
            case CMP_EQ -> BinaryOpExpr.Op.EQ;
            case NEQ -> BinaryOpExpr.Op.NEQ;
            case GT -> BinaryOpExpr.Op.GT;
            case GTE -> BinaryOpExpr.Op.GTE;
            case LT -> BinaryOpExpr.Op.LT;
            case LTE -> BinaryOpExpr.Op.LTE;
            case IDENTIFIER -> t.is("or") ? BinaryOpExpr.Op.OR : t.is("and") ? BinaryOpExpr.Op.AND
                    : t.is("unless") ? BinaryOpExpr.Op.UNLESS : null;
            default -> null;
        };
    }

    private BinaryOpExpr.VectorMatching vectorMatching() throws LogQLParseException {
        if (!(in.atWord("on") || in.atWord("ignoring")) || in.peek(1).kind() != Kind.OPEN_PAREN) {
            return null;
        }
        boolean on = in.next().is("on");
        List<String> labels = labelList();
        BinaryOpExpr.Cardinality cardinality = BinaryOpExpr.Cardinality.ONE_TO_ONE;
        List<String> include = List.of();
        if (in.atWord("group_left") || in.atWord("group_right")) {
            cardinality = in.next().is("group_left") ? BinaryOpExpr.Cardinality.MANY_TO_ONE : BinaryOpExpr.Cardinality.ONE_TO_MANY;
            if (in.at(Kind.OPEN_PAREN)) {
                include = labelList();
            }
        }
        return new BinaryOpExpr.VectorMatching(on, labels, cardinality, include);
    }

    private static MetricExpr binary(Token at, BinaryOpExpr.Op op, LogQLExpr left, LogQLExpr right, boolean returnBool,
            BinaryOpExpr.VectorMatching matching) throws LogQLParseException {
        if (!(left instanceof MetricExpr l)) {
            throw TokenCursor.error(at, "unexpected type for left leg of binary operation (" + op.symbol() + "): log query");
        }
        if (!(right instanceof MetricExpr r)) {
            throw TokenCursor.error(at, "unexpected type for right leg of binary operation (" + op.symbol() + "): log query");
        }
        if (op.isSetOperation() && l instanceof LiteralExpr lit) {
            throw TokenCursor.error(at, "unexpected literal for left leg of logical/set binary operation (" + op.symbol() + "): "
                    + String.format("%f", lit.value()));
        }
        if (op.isSetOperation() && r instanceof LiteralExpr lit) {
            throw TokenCursor.error(at, "unexpected literal for right leg of logical/set binary operation (" + op.symbol() + "): "
                    + String.format("%f", lit.value()));
        }
        return new BinaryOpExpr(op, l, r, returnBool, matching);
    }

    private LogQLExpr unary() throws LogQLParseException {
        Token t = in.peek();
        switch (t.kind()) {
            case OPEN_PAREN -> {
                in.next();
                in.enter(t);
                LogQLExpr inner = expr(1);
                in.expect(Kind.CLOSE_PAREN, ")");
                in.leave();
                return inner;
            }
            case OPEN_BRACE -> {
                StreamSelector selector = logs.selector();
                return new LogSelectorExpr(selector, logs.pipeline(false).stages());
            }
            case NUMBER, ADD, SUB -> {
                if (t.kind() != Kind.NUMBER && in.peek(1).kind() != Kind.NUMBER) {
                    throw TokenCursor.syntax(in.peek(1), "NUMBER");
                }
                return new LiteralExpr(logs.signedNumber());
            }
            case IDENTIFIER -> {
                return function(t);
            }
            default -> throw TokenCursor.syntax(t, "{ or ( or a number or a metric function");
        }
    }

    private MetricExpr function(Token name) throws LogQLParseException {
        boolean call = in.peek(1).kind() == Kind.OPEN_PAREN;
        RangeAggregationExpr.Op rangeOp = named(RangeAggregationExpr.Op.values(), name.text());
        if (rangeOp != null && call) {
            return rangeAggregation(name, rangeOp);
        }
        VectorAggregationExpr.Op vectorOp = named(VectorAggregationExpr.Op.values(), name.text());
        boolean grouped = (in.peek(1).is("by") || in.peek(1).is("without")) && in.peek(2).kind() == Kind.OPEN_PAREN;
        if (vectorOp != null && (call || grouped)) {
            return vectorAggregation(name, vectorOp);
        }
        if (name.is("label_replace") && call) {
            return labelReplace(name);
        }
        if (name.is("vector") && call) {
            in.next();
            in.next();
            double value = PipelineParser.number(in.expect(Kind.NUMBER, "NUMBER"));
            in.expect(Kind.CLOSE_PAREN, ")");
            return new VectorExpr(value);
        }
        throw TokenCursor.syntax(name, "{ or ( or a number or a metric function");
    }

    /** The constant whose lower-case name is {@code word} in any case (how the enums spell their functions), or null. */
    private static <E extends Enum<E>> E named(E[] values, String word) {
        for (E e : values) {
            if (e.name().equalsIgnoreCase(word)) {
                return e;
            }
        }
        return null;
    }

    private RangeAggregationExpr rangeAggregation(Token name, RangeAggregationExpr.Op op) throws LogQLParseException {
        in.next();
        Token open = in.next();
        in.enter(open);
        Double parameter = null;
        if (in.at(Kind.NUMBER) && in.peek(1).kind() == Kind.COMMA) {
            Token p = in.next();
            in.next();
            if (op != RangeAggregationExpr.Op.QUANTILE_OVER_TIME) {
                throw TokenCursor.error(p, "parameter " + p.text() + " not supported for operation " + op.function());
            }
            parameter = PipelineParser.number(p);
        }
        LogRange range = logRange();
        in.expect(Kind.CLOSE_PAREN, ")");
        in.leave();
        Grouping grouping = atGrouping() ? grouping() : null;
        if (op == RangeAggregationExpr.Op.QUANTILE_OVER_TIME && parameter == null) {
            throw TokenCursor.error(name, "parameter required for operation " + op.function());
        }
        if (grouping != null && !op.allowsGrouping()) {
            throw TokenCursor.error(name, "grouping not allowed for " + op.function() + " aggregation");
        }
        if (range.unwrap() != null && !op.allowsUnwrap()) {
            throw TokenCursor.error(name, "invalid aggregation " + op.function() + " with unwrap");
        }
        if (range.unwrap() == null && op.requiresUnwrap()) {
            throw TokenCursor.error(name, "invalid aggregation " + op.function() + " without unwrap");
        }
        return new RangeAggregationExpr(op, range, parameter, grouping);
    }

    /**
     * The log range of a range aggregation, in every arrangement Loki accepts: the pipeline before
     * or after {@code [range] offset}, and parentheses around the log query or around it all.
     */
    private LogRange logRange() throws LogQLParseException {
        if (!in.at(Kind.OPEN_PAREN)) {
            StreamSelector selector = logs.selector();
            return rangeAfter(selector, logs.pipeline(true));
        }
        Token open = in.next();
        in.enter(open);
        LogRange range;
        if (in.at(Kind.OPEN_PAREN)) {
            range = logRange();
        } else {
            StreamSelector selector = logs.selector();
            PipelineParser.Pipeline pipeline = logs.pipeline(true);
            if (in.at(Kind.RANGE)) {
                range = rangeAfter(selector, pipeline);
            } else {
                in.expect(Kind.CLOSE_PAREN, pipeline.isEmpty() ? "a pipeline stage or a range such as [5m]" : "a range such as [5m]");
                in.leave();
                Token window = in.expect(Kind.RANGE, "a range such as [5m]");
                return new LogRange(new LogSelectorExpr(selector, pipeline.stages()), LogQLUnits.rangeDuration(window.text()), offset(),
                        pipeline.unwrap());
            }
        }
        in.expect(Kind.CLOSE_PAREN, ")");
        in.leave();
        return range;
    }

    /** {@code [range] offset d}, then a pipeline when none came before the range. */
    private LogRange rangeAfter(StreamSelector selector, PipelineParser.Pipeline before) throws LogQLParseException {
        Token window = in.expect(Kind.RANGE, before.isEmpty() ? "a pipeline stage or a range such as [5m]" : "a range such as [5m]");
        Duration offset = offset();
        PipelineParser.Pipeline pipeline = before.isEmpty() ? logs.pipeline(true) : before;
        return new LogRange(new LogSelectorExpr(selector, pipeline.stages()), LogQLUnits.rangeDuration(window.text()), offset,
                pipeline.unwrap());
    }

    private Duration offset() throws LogQLParseException {
        if (!in.atWord("offset")) {
            return Duration.ZERO;
        }
        in.next();
        return PipelineParser.durationValue(in.expect(Kind.DURATION, "a duration such as 1h"));
    }

    private VectorAggregationExpr vectorAggregation(Token name, VectorAggregationExpr.Op op) throws LogQLParseException {
        in.next();
        Grouping grouping = atGrouping() ? grouping() : null;
        Token open = in.expect(Kind.OPEN_PAREN, "(");
        in.enter(open);
        Token parameter = null;
        if (in.at(Kind.NUMBER) && in.peek(1).kind() == Kind.COMMA) {
            parameter = in.next();
            in.next();
        }
        MetricExpr inner = metricArgument();
        in.expect(Kind.CLOSE_PAREN, ")");
        in.leave();
        if (grouping == null && atGrouping()) {
            grouping = grouping();
        }
        int k = 0;
        if (op.takesParameter()) {
            if (parameter == null) {
                throw TokenCursor.error(name, "parameter required for operation " + op.function());
            }
            try {
                k = Integer.parseInt(parameter.text());
            } catch (NumberFormatException e) {
                throw TokenCursor.error(parameter, "invalid parameter " + op.function() + "(" + parameter.text() + ",");
            }
            if (k <= 0) {
                throw TokenCursor.error(parameter, "invalid parameter (must be greater than 0) " + op.function() + "(" + parameter.text());
            }
            if (op == VectorAggregationExpr.Op.APPROX_TOPK && grouping != null) {
                throw TokenCursor.error(name, "grouping not allowed for " + op.function() + " aggregation");
            }
        } else if (parameter != null) {
            throw TokenCursor.error(parameter, "unsupported parameter for operation " + op.function() + "(" + parameter.text() + ",");
        }
        boolean sort = op == VectorAggregationExpr.Op.SORT || op == VectorAggregationExpr.Op.SORT_DESC;
        if (sort && grouping != null && !grouping.labels().isEmpty()) {
            throw TokenCursor.error(name, "sort and sort_desc doesn't allow grouping by labels");
        }
        return new VectorAggregationExpr(op, inner, k, grouping == null ? Grouping.NONE : grouping);
    }

    private LabelReplaceExpr labelReplace(Token name) throws LogQLParseException {
        in.next();
        Token open = in.next();
        in.enter(open);
        MetricExpr inner = metricArgument();
        String[] args = new String[4];
        Token regex = null;
        for (int i = 0; i < args.length; i++) {
            in.expect(Kind.COMMA, ",");
            regex = in.expect(Kind.STRING, "STRING");
            args[i] = regex.text();
        }
        in.expect(Kind.CLOSE_PAREN, ")");
        in.leave();
        try {
            Pattern.compile(args[3]);
            Pattern.compile("^(?:" + args[3] + ")$");
        } catch (PatternSyntaxException e) {
            throw TokenCursor.error(regex, "invalid regex in label_replace: " + e.getMessage());
        }
        return new LabelReplaceExpr(inner, args[0], args[1], args[2], args[3]);
    }

    /** An argument that must be a metric expression: a log query there needs a range aggregation around it. */
    private MetricExpr metricArgument() throws LogQLParseException {
        Token start = in.peek();
        LogQLExpr e = expr(1);
        if (e instanceof MetricExpr metric) {
            return metric;
        }
        throw TokenCursor.error(start, "syntax error: unexpected log query, expecting a metric expression such as count_over_time({...}[5m])");
    }

    private boolean atGrouping() {
        return (in.atWord("by") || in.atWord("without")) && in.peek(1).kind() == Kind.OPEN_PAREN;
    }

    private Grouping grouping() throws LogQLParseException {
        boolean without = in.next().is("without");
        return new Grouping(without, labelList());
    }

    /** {@code (a, b)}, possibly empty. */
    private List<String> labelList() throws LogQLParseException {
        in.expect(Kind.OPEN_PAREN, "(");
        List<String> labels = new ArrayList<>();
        if (in.at(Kind.CLOSE_PAREN)) {
            in.next();
            return labels;
        }
        while (true) {
            labels.add(in.expect(Kind.IDENTIFIER, "label name").text());
            Token t = in.next();
            if (t.kind() == Kind.CLOSE_PAREN) {
                return labels;
            }
            if (t.kind() != Kind.COMMA) {
                throw TokenCursor.syntax(t, ", or )");
            }
        }
    }
}
