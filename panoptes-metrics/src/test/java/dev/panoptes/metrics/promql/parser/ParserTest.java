package dev.panoptes.metrics.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panoptes.metrics.promql.parser.Expr.Binary;
import dev.panoptes.metrics.promql.parser.Expr.NumberLiteral;
import dev.panoptes.metrics.promql.parser.Expr.VectorSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    /** Canonical queries print back unchanged, and reparsing the output gives the same tree. */
    @ParameterizedTest
    @ValueSource(strings = {
        "foo",
        "foo{job=\"api\", code!=\"500\", path=~\"/a.*\", x!~\"y\"}",
        "{__name__=~\"foo.*\"}",
        "{\"my.metric\", env=\"prod\"}",
        "rate(http_requests_total[5m])",
        "sum by (job) (rate(foo[1h30m]))",
        "sum without (instance) (foo)",
        "topk(5, foo)",
        "count_values(\"value\", foo)",
        "quantile by (a) (0.9, foo)",
        "foo offset 5m",
        "foo offset -5m",
        "foo @ 100.000",
        "foo[5m] @ start() offset 1m",
        "rate(foo[5m])[30m:1m]",
        "max_over_time(rate(foo[5m])[30m:])",
        "a + on (x, y) group_left (z) b",
        "a * ignoring (x) b",
        "a and on (x) b",
        "a > bool 1",
        "1 == bool 2",
        "-foo",
        "2 ^ 3 ^ 2",
        "(a + b) * c",
        "label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\")",
        "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
        "time()",
        "year()",
        "1e+06",
        "0.0001",
        "NaN",
        "+Inf",
    })
    void printsCanonicalFormUnchanged(String query) {
        Expr e = Parser.parse(query);
        assertEquals(query, Printer.print(e));
        assertEquals(e, Parser.parse(Printer.print(e)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sum(foo) by (job)|sum by (job) (foo)",
        "foo   +   bar|foo + bar",
        "0x10|16",
        "1_000|1000",
        "0755|493",
        "08|8",
        "0x_1F|31",
        "-1|-1",
        "foo{job='api'}|foo{job=\"api\"}",
        "foo{job=`a\\b`}|foo{job=\"a\\\\b\"}",
        "foo # a comment|foo",
        "SUM(foo)|sum(foo)",
        "foo[90s]|foo[1m30s]",
        "foo offset 1h30m|foo offset 1h30m",
        "foo{a=\"\\x41\\101\\u0041\\t\"}|foo{a=\"AAA\\t\"}",
        "a:b{c='d'}|a:b{c=\"d\"}",
    })
    void normalisesEquivalentSpellings(String query, String canonical) {
        assertEquals(canonical, Printer.print(Parser.parse(query)));
    }

    @Test
    void precedenceFollowsPrometheus() {
        Binary sum = assertInstanceOf(Binary.class, Parser.parse("1 + 2 * 3"));
        assertEquals(BinaryOp.ADD, sum.op());
        Binary or = assertInstanceOf(Binary.class, Parser.parse("a and b or c"));
        assertEquals(BinaryOp.OR, or.op());
        Binary pow = assertInstanceOf(Binary.class, Parser.parse("2 ^ 3 ^ 2"));
        assertInstanceOf(Binary.class, pow.rhs());
        // Unary minus binds looser than ^: -2 ^ 2 is -(2 ^ 2).
        Expr neg = Parser.parse("-2 ^ 2");
        assertInstanceOf(Expr.Unary.class, neg);
        Binary sub = assertInstanceOf(Binary.class, Parser.parse("a - b - c"));
        assertInstanceOf(Binary.class, sub.lhs());
    }

    @Test
    void selectorCarriesNameMatcherAndModifiers() {
        VectorSelector vs = assertInstanceOf(VectorSelector.class, Parser.parse("foo{a=\"b\"} offset 5m @ 10"));
        assertEquals("foo", vs.metricName());
        assertEquals(2, vs.matchers().size());
        assertEquals(300_000, vs.offsetMillis());
        assertEquals(new At(At.Kind.TIMESTAMP, 10_000), vs.at());
        assertEquals(Double.POSITIVE_INFINITY, ((NumberLiteral) Parser.parse("Inf")).value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo{|1:5: parse error: unexpected end of input inside braces",
        "sum(foo|1:8: parse error: unclosed left parenthesis",
        "sum(foo bar)|1:9: parse error: unexpected identifier \"bar\", expected \",\" or \")\"",
        "(1))|1:5: parse error: unexpected right parenthesis ')'",
        "foo[5m] + 1|1:1: parse error: binary expression must contain only scalar and instant vector types",
        "1 + foo[5m]|1:5: parse error: binary expression must contain only scalar and instant vector types",
        "1 > 2|1:3: parse error: comparisons between scalars must use BOOL modifier",
        "rate(foo)|1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
        "round()|1:1: parse error: expected at least 1 argument(s) in call to \"round\", got 0",
        "nosuch(foo)|1:1: parse error: unknown function with name \"nosuch\"",
        "{a=\"\"}|1:1: parse error: vector selector must contain at least one non-empty matcher",
        "foo offset 1m offset 2m|1:1: parse error: offset may not be set multiple times",
        "(foo + bar)[5m]|1:12: parse error: ranges only allowed for vector selectors",
        "1 and 2|1:1: parse error: set operator \"and\" not allowed in binary scalar expression",
        "a and on(x) group_left b|1:1: parse error: no grouping allowed for \"and\" operation",
        "1 + on(x) foo|1:1: parse error: vector matching only allowed between instant vectors",
        "a + on(x) group_left(x) b|1:3: parse error: label \"x\" must not occur in ON and GROUP clause at once",
        "sum(foo[5m])|1:5: parse error: expected type instant vector in aggregation expression, got range vector",
        "topk(foo, bar)|1:6: parse error: expected type scalar in aggregation parameter, got instant vector",
        "sum()|1:1: parse error: no arguments for aggregate expression provided",
        "topk(foo)|1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1",
        "foo{a=\"b\"|1:10: parse error: unexpected end of input inside braces",
        "foo{a=\"b\" c}|1:11: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\"",
        "foo{a==\"b\"}|1:7: parse error: unexpected \"=\" in label matching, expected string",
        "foo{1}|1:5: parse error: unexpected character inside braces: '1'",
        "sum by (a,,) (foo)|1:11: parse error: unexpected \",\" in grouping opts, expected label",
        "sum(foo) by x|1:13: parse error: unexpected identifier \"x\" in grouping opts, expected \"(\"",
        "topk(5, foo,)|1:12: parse error: trailing commas not allowed in function call args",
        "a + group_left b|1:5: parse error: unexpected <group_left>",
        "foo by|1:5: parse error: unexpected <by>",
        "info(up, target_info{a=\"b\"})|1:10: parse error: expected label selectors only, got vector selector instead",
        "info(up, {a=\"b\"} == 1)|1:10: parse error: expected label selectors only",
        "@@|1:1: parse error: unexpected <op:@>",
        "1e999|1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"1e999\": value out of range",
        "\"\\c\"|1:1: parse error: unknown escape sequence U+0063 'c'",
        "\"abc|1:1: parse error: unterminated quoted string",
        "`abc|1:1: parse error: unterminated raw string",
        "round(foo, 1, 2)|1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3",
        "foo bar $|1:5: parse error: unexpected identifier \"bar\"",
        "foo $|1:5: parse error: unexpected character: '$'",
    })
    void reportsErrorsWithPositionInPrometheusShape(String query, String message) {
        ParseException e = assertThrows(ParseException.class, () -> Parser.parse(query));
        assertEquals(message, e.getMessage());
    }

    @Test
    void emptyQueryIsAnError() {
        ParseException e = assertThrows(ParseException.class, () -> Parser.parse("  "));
        assertEquals("1:1: parse error: no expression found in input", e.getMessage());
    }

    @Test
    void errorLineAndColumnCountNewlines() {
        ParseException e = assertThrows(ParseException.class, () -> Parser.parse("sum(\n  foo +\n)"));
        assertEquals("3:1: parse error: unexpected \")\"", e.getMessage());
    }
}
