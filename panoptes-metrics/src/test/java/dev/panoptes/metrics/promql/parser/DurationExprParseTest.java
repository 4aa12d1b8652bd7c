package dev.panoptes.metrics.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.metrics.promql.parser.DurationExpr.Binary;
import dev.panoptes.metrics.promql.parser.DurationExpr.Literal;
import dev.panoptes.metrics.promql.parser.DurationExpr.Negate;
import dev.panoptes.metrics.promql.parser.DurationExpr.Op;
import dev.panoptes.metrics.promql.parser.DurationExpr.Paren;
import dev.panoptes.metrics.promql.parser.Expr.Call;
import dev.panoptes.metrics.promql.parser.Expr.MatrixSelector;
import dev.panoptes.metrics.promql.parser.Expr.Subquery;
import dev.panoptes.metrics.promql.parser.Expr.VectorSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Duration expressions in ranges, subquery steps and offsets: trees, printing, values, errors. */
class DurationExprParseTest {

    private static final long SECOND = 1000;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo[5m+1m]|foo[5m + 1m]",
        "foo[60*30]|foo[60 * 30]",
        "foo[2m*(10+5)]|foo[2m * (10 + 5)]",
        "foo[((5m))]|foo[(5m)]",
        "foo[-5m+35m]|foo[-5m + 35m]",
        "foo[1e3*2]|foo[1000 * 2]",
        "foo[  -  step  (  )  ]|foo[-step()]",
        "foo[+step()]|foo[step()]",
        "foo[1+(STep()-5)*2]|foo[1 + (step() - 5) * 2]",
        "foo[max_of(min_of(step()+1,1h),1ms)]|foo[max_of(min_of(step() + 1, 1h), 1ms)]",
        "foo[range()]|foo[range()]",
        "foo[5m:step()]|foo[5m:step()]",
        "foo[29s+1s:20*500ms] offset (20*(7s%4))|foo[29s + 1s:20 * 500ms] offset (20 * (7s % 4))",
        "foo offset -(1m)|foo offset -(1m)",
        "foo offset (1m) * 2|foo offset (1m) * 2",
        "foo offset step()|foo offset step()",
        "foo offset -min_of(step(), 1s)|foo offset -min_of(step(), 1s)",
        "foo offset 90s|foo offset 1m30s",
        "foo offset -2|foo offset -2s",
        "foo[-2^2]|foo[-2 ^ 2]",
        "foo[2^-1]|foo[2 ^ -1]",
    })
    void printsDurationExpressionsAsWrittenAndReparsesToTheSameTree(String query, String printed) {
        Expr e = Parser.parse(query);
        assertThat(Printer.print(e)).isEqualTo(printed);
        assertThat(Parser.parse(printed)).isEqualTo(e);
    }

    @Test
    void constantExpressionKeepsTreeAndFillsTheMillisecondField() {
        MatrixSelector ms = (MatrixSelector) Parser.parse("foo[2m*(10+5)]");
        assertThat(ms.rangeMillis()).isEqualTo(30 * 60 * SECOND);
        assertThat(ms.rangeExpr()).isEqualTo(new Binary(Op.MUL, new Literal(120, true),
                new Paren(new Binary(Op.ADD, new Literal(10, false), new Literal(5, false)))));
        assertThat(ms.rangeExpr().isConstant()).isTrue();
    }

    @Test
    void literalRangeStaysALiteral() {
        MatrixSelector ms = (MatrixSelector) Parser.parse("foo[5m]");
        assertThat(ms.rangeExpr()).isNull();
        assertThat(ms).isEqualTo(new MatrixSelector((VectorSelector) Parser.parse("foo"), 5 * 60 * SECOND));
        VectorSelector negative = (VectorSelector) Parser.parse("foo offset -1h");
        assertThat(negative.offsetExpr()).isNull();
        assertThat(negative.offsetMillis()).isEqualTo(-3600 * SECOND);
    }

    @Test
    void queryDependentExpressionsEvaluatePerQuery() {
        MatrixSelector ms = (MatrixSelector) Parser.parse("foo[1+(STep()-5)*2]");
        assertThat(ms.rangeMillis()).isZero();
        assertThat(ms.rangeExpr().isConstant()).isFalse();
        assertThat(ms.rangeExpr().evaluatePositiveMillis(10 * SECOND, 0)).isEqualTo(11 * SECOND);
        MatrixSelector range = (MatrixSelector) Parser.parse("foo[min_of(range(), 8s)]");
        assertThat(range.rangeExpr().evaluatePositiveMillis(5 * SECOND, 10 * SECOND)).isEqualTo(8 * SECOND);
        assertThat(range.rangeExpr().evaluatePositiveMillis(5 * SECOND, 3 * SECOND)).isEqualTo(3 * SECOND);
        Subquery sq = (Subquery) ((Call) Parser.parse("sum_over_time(foo[29s+1s:step()*2])")).args().get(0);
        assertThat(sq.rangeMillis()).isEqualTo(30 * SECOND);
        assertThat(sq.stepMillis()).isZero();
        assertThat(sq.stepExpr().evaluatePositiveMillis(5 * SECOND, 60 * SECOND)).isEqualTo(10 * SECOND);
    }

    @Test
    void arithmeticFollowsFloatSemantics() {
        assertThat(rangeOf("foo[30m1s-30m1s % 1m]")).isEqualTo(30 * 60 * SECOND);
        assertThat(rangeOf("foo[1h30m % 1h]")).isEqualTo(30 * 60 * SECOND);
        assertThat(rangeOf("foo[1h/2]")).isEqualTo(30 * 60 * SECOND);
        assertThat(rangeOf("foo[2^3]")).isEqualTo(8 * SECOND);
        // Truncated toward zero to the millisecond.
        assertThat(rangeOf("foo[10ms/3]")).isEqualTo(3);
    }

    private static long rangeOf(String query) {
        MatrixSelector ms = (MatrixSelector) Parser.parse(query);
        assertThat(ms.rangeExpr().evaluatePositiveMillis(0, 0)).isEqualTo(ms.rangeMillis());
        return ms.rangeMillis();
    }

    @Test
    void instantQueryHasZeroStepSoStepRangeIsInvalid() {
        MatrixSelector ms = (MatrixSelector) Parser.parse("foo[step()]");
        assertThatThrownBy(() -> ms.rangeExpr().evaluatePositiveMillis(0, 0))
                .isInstanceOf(DurationExpr.InvalidDuration.class)
                .hasMessage("duration must be greater than 0");
    }

    @Test
    void negativeConstantExpressionParsesButFailsWhenEvaluated() {
        MatrixSelector ms = (MatrixSelector) Parser.parse("foo[-(10s)]");
        assertThat(ms.rangeMillis()).isZero();
        assertThat(ms.rangeExpr()).isEqualTo(new Negate(new Paren(new Literal(10, true))));
        assertThatThrownBy(() -> ms.rangeExpr().evaluatePositiveMillis(0, 0))
                .hasMessage("duration must be greater than 0");
        MatrixSelector zeroDivisor = (MatrixSelector) Parser.parse("foo[step()/(0)]");
        assertThatThrownBy(() -> zeroDivisor.rangeExpr().evaluatePositiveMillis(SECOND, 0))
                .hasMessage("division by zero");
    }

    @Test
    void offsetMayBeNegative() {
        VectorSelector vs = (VectorSelector) Parser.parse("foo offset (-step()*2)");
        assertThat(vs.offsetExpr().evaluateMillis(5 * SECOND, 0)).isEqualTo(-10 * SECOND);
        VectorSelector constant = (VectorSelector) Parser.parse("foo offset (-2 ^ 2)");
        assertThat(constant.offsetMillis()).isEqualTo(-4 * SECOND);
        assertThat(constant.offsetExpr()).isNotNull();
    }

    /** Only a parenthesised offset takes more arithmetic; otherwise the operator applies to the selector. */
    @Test
    void offsetTakesOneTermUnlessParenthesised() {
        Expr.Binary plus = (Expr.Binary) Parser.parse("metric offset 100 + 2");
        assertThat(plus.op()).isEqualTo(BinaryOp.ADD);
        assertThat(((VectorSelector) plus.lhs()).offsetMillis()).isEqualTo(100 * SECOND);
        Expr.Binary pow = (Expr.Binary) Parser.parse("metric offset -2 ^ 2");
        assertThat(pow.op()).isEqualTo(BinaryOp.POW);
        assertThat(((VectorSelector) pow.lhs()).offsetMillis()).isEqualTo(-2 * SECOND);
        Expr.Binary step = (Expr.Binary) Parser.parse("metric offset -step()*2");
        assertThat(((VectorSelector) step.lhs()).offsetExpr()).isEqualTo(new Negate(new DurationExpr.Step()));
        Expr.Binary extremum = (Expr.Binary) Parser.parse("metric offset -(min_of(step(), 1s))+8000");
        assertThat(extremum.op()).isEqualTo(BinaryOp.ADD);
        VectorSelector wide = (VectorSelector) Parser.parse("metric offset (1m) * 2");
        assertThat(wide.offsetMillis()).isEqualTo(120 * SECOND);
    }

    @Test
    void queryContextFunctionsAreScalarCallsOutsideBrackets() {
        for (String q : new String[] {"step()", "range()", "start()", "end()", "min_of(3, 5)", "max_of(NaN, 3)"}) {
            Expr e = Parser.parse(q);
            assertThat(e).isInstanceOf(Call.class);
            assertThat(e.type()).isEqualTo(ExprType.SCALAR);
        }
        assertThat(Printer.print(Parser.parse("(end() + start()) / 2"))).isEqualTo("(end() + start()) / 2");
        assertThat(Parser.parse("step")).isInstanceOf(VectorSelector.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo[-1]|1:5: parse error: duration must be greater than 0",
        "foo[0]|1:5: parse error: duration must be greater than 0",
        "foo[5m:0s]|1:8: parse error: duration must be greater than 0",
        "foo[5s/0d]|1:7: parse error: division by zero",
        "foo[5s%0d]|1:7: parse error: modulo by zero",
        "foo[step()/0]|1:11: parse error: division by zero",
        "foo offset (4d/0)|1:15: parse error: division by zero",
        "foo offset 9.5e10|1:12: parse error: duration out of range",
        "foo[9.5e10]|1:5: parse error: duration out of range",
        "foo[]|1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()",
        "foo[step]|1:9: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()",
        "foo[5m+]|1:8: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()",
        "foo[5m 1m]|1:8: parse error: unexpected duration \"1m\" in subquery or range, expected \":\" or \"]\"",
        "foo[5m:bar]|1:8: parse error: unexpected character: 'b', expected ':'",
        "foo[bar]|1:5: parse error: unexpected character in duration expression: 'b'",
        "foo[5m:]]|1:9: parse error: unexpected right bracket ']'",
        "foo[5m:+]|1:9: parse error: unexpected \"]\" in subquery selector, expected number, duration, step(), range(), or \"]\"",
        "foo[5m|1:7: parse error: unclosed left bracket",
        "foo[5m:1m 2]|1:11: parse error: unexpected number \"2\" in subquery selector, expected \"]\"",
        "foo offset bar|1:12: parse error: unexpected identifier \"bar\" in offset, expected number, duration, step(), or range()",
        "foo offset 1m[5m]|1:14: parse error: no offset modifiers allowed before range",
        "foo @ 10 [5m]|1:10: parse error: no @ modifiers allowed before range",
        "foo[5m][10m:]|1:1: parse error: subquery is only allowed on instant vector, got matrix instead",
        "foo @ Inf|1:1: parse error: timestamp out of bounds for @ modifier: +Inf",
    })
    void rejectsInvalidDurationsWithPrometheusMessages(String query, String message) {
        assertThatThrownBy(() -> Parser.parse(query)).isInstanceOf(ParseException.class).hasMessage(message);
    }
}
