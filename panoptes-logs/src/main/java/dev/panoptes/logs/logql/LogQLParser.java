package dev.panoptes.logs.logql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.logs.logql.LogQLLexer.Kind;
import dev.panoptes.logs.logql.LogQLLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses LogQL text into a {@link LogQLExpr}: today log queries made of a stream selector and
 * line filters ({@code |=}, {@code !=}, {@code |~}, {@code !~}, chained, with {@code or} between
 * values). A recursive-descent parser over {@link LogQLLexer}'s tokens: errors name the token
 * found, what was expected, and its line and column, in Loki's shape. Stages and metric queries
 * not supported yet are refused by name, so that a user learns it is this build and not the query.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogQLParser {

    private static final String EMPTY_COMPATIBLE = "parse error : queries require at least one regexp or equality matcher that does not "
            + "have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";

    private final List<Token> tokens;
    private int pos;

    private LogQLParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole query. */
    public static LogQLExpr parse(String query) throws LogQLParseException {
        LogQLParser parser = new LogQLParser(LogQLLexer.tokens(query));
        LogQLExpr expr = parser.expr();
        parser.expect(Kind.EOF, "end of query");
        return expr;
    }

    private LogQLExpr expr() throws LogQLParseException {
        Token first = peek();
        if (first.kind() == Kind.IDENTIFIER) {
            throw new LogQLParseException(first.line(), first.column(), "metric queries (" + first.text()
                    + ") are not supported by this build yet; only log queries ({selector} with line filters)");
        }
        StreamSelector selector = selector();
        List<PipelineStage> pipeline = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case PIPE_EXACT, NEQ, PIPE_MATCH, NRE -> pipeline.add(lineFilter());
                case PIPE_PATTERN, NPA -> throw unsupported(t, "pattern line filters (" + t.text() + ") are");
                case PIPE -> {
                    Token stage = tokens.get(pos + 1);
                    throw unsupported(t, stage.kind() == Kind.IDENTIFIER ? "the " + stage.text() + " stage is" : "pipeline stages after | are");
                }
                default -> {
                    return new LogSelectorExpr(selector, pipeline);
                }
            }
        }
    }

    private StreamSelector selector() throws LogQLParseException {
        expect(Kind.OPEN_BRACE, "{");
        List<LabelMatcher> matchers = new ArrayList<>();
        while (peek().kind() != Kind.CLOSE_BRACE) {
            Token name = expect(Kind.IDENTIFIER, "label name");
            Token op = next();
            MatchType type = switch (op.kind()) {
                case EQ -> MatchType.EQUAL;
                case NEQ -> MatchType.NOT_EQUAL;
                case RE -> MatchType.REGEX;
                case NRE -> MatchType.NOT_REGEX;
                default -> throw syntax(op, "= or != or =~ or !~");
            };
            Token value = expect(Kind.STRING, "STRING");
            try {
                if (type.isRegex()) {
                    // Compiled alone first so that the error quotes the user's pattern, not the matcher's anchored form.
                    Pattern.compile(value.text());
                }
                matchers.add(LabelMatcher.of(type, name.text(), value.text()));
            } catch (PatternSyntaxException e) {
                throw new LogQLParseException(value.line(), value.column(), e.getMessage());
            }
            if (peek().kind() == Kind.COMMA) {
                next();
            } else if (peek().kind() != Kind.CLOSE_BRACE) {
                throw syntax(peek(), ", or }");
            }
        }
        next();
        boolean selective = false;
        for (LabelMatcher m : matchers) {
            selective |= !m.matchesEmpty();
        }
        if (!selective) {
            throw new LogQLParseException(EMPTY_COMPATIBLE);
        }
        return new StreamSelector(matchers);
    }

    private LineFilter lineFilter() throws LogQLParseException {
        Token op = next();
        LineFilter.Op kind = switch (op.kind()) {
            case PIPE_EXACT -> LineFilter.Op.CONTAINS;
            case NEQ -> LineFilter.Op.NOT_CONTAINS;
            case PIPE_MATCH -> LineFilter.Op.MATCHES;
            default -> LineFilter.Op.NOT_MATCHES;
        };
        List<String> values = new ArrayList<>();
        values.add(filterValue(kind));
        while (peek().kind() == Kind.IDENTIFIER && peek().text().equals("or")) {
            next();
            values.add(filterValue(kind));
        }
        return new LineFilter(kind, values);
    }

    private String filterValue(LineFilter.Op kind) throws LogQLParseException {
        Token t = peek();
        if (t.kind() == Kind.IDENTIFIER && t.text().equals("ip") && tokens.get(pos + 1).kind() == Kind.OPEN_PAREN) {
            throw unsupported(t, "ip() line filters are");
        }
        Token value = expect(Kind.STRING, "STRING");
        if (kind.isRegex()) {
            try {
                Pattern.compile(value.text());
            } catch (PatternSyntaxException e) {
                throw new LogQLParseException(value.line(), value.column(), e.getMessage());
            }
        }
        return value.text();
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private Token expect(Kind kind, String expected) throws LogQLParseException {
        Token t = peek();
        if (t.kind() != kind) {
            throw syntax(t, expected);
        }
        return next();
    }

    private static LogQLParseException syntax(Token found, String expected) {
        return new LogQLParseException(found.line(), found.column(), "syntax error: unexpected " + found.describe() + ", expecting " + expected);
    }

    private static LogQLParseException unsupported(Token at, String what) {
        return new LogQLParseException(at.line(), at.column(), what + " not supported by this build yet");
    }
}
