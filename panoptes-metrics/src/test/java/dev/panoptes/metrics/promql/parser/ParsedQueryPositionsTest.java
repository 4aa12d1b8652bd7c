package dev.panoptes.metrics.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.metrics.promql.parser.Expr.Aggregate;
import dev.panoptes.metrics.promql.parser.Expr.Binary;
import dev.panoptes.metrics.promql.parser.Expr.Call;
import dev.panoptes.metrics.promql.parser.Expr.MatrixSelector;
import dev.panoptes.metrics.promql.parser.Expr.Paren;
import dev.panoptes.metrics.promql.parser.Expr.Subquery;
import dev.panoptes.metrics.promql.parser.Expr.Unary;
import dev.panoptes.metrics.promql.parser.Expr.VectorSelector;
import org.junit.jupiter.api.Test;

/** Start positions of nodes, as Prometheus' position ranges start, for annotations. */
class ParsedQueryPositionsTest {

    @Test
    void aggregationCallAndSelectorsStartWhereTheyAreWritten() {
        ParsedQuery q = Parser.parseWithPositions("sum by (job) (rate(foo{a=\"b\"}[5m] offset 1m))");
        Aggregate sum = (Aggregate) q.expr();
        Call rate = (Call) sum.expr();
        MatrixSelector ms = (MatrixSelector) rate.args().get(0);
        assertThat(q.positionOf(sum)).isZero();
        assertThat(q.positionOf(rate)).isEqualTo(14);
        assertThat(q.positionOf(ms)).isEqualTo(19);
        assertThat(q.positionOf(ms.selector())).isEqualTo(19);
    }

    @Test
    void binaryStartsAtItsLeftHandSideAndParenAtItsParenthesis() {
        ParsedQuery q = Parser.parseWithPositions("(a + b) * -c");
        Binary times = (Binary) q.expr();
        Paren paren = (Paren) times.lhs();
        Binary plus = (Binary) paren.expr();
        Unary minus = (Unary) times.rhs();
        assertThat(q.positionOf(times)).isZero();
        assertThat(q.positionOf(paren)).isZero();
        assertThat(q.positionOf(plus)).isEqualTo(1);
        assertThat(q.positionOf(plus.rhs())).isEqualTo(5);
        assertThat(q.positionOf(minus)).isEqualTo(10);
        assertThat(q.positionOf(minus.expr())).isEqualTo(11);
    }

    @Test
    void selectorWithoutNameStartsAtItsBraceAndFoldedNumberAtItsSign() {
        ParsedQuery q = Parser.parseWithPositions("1 + {__name__=\"x\"} - -2");
        Binary minus = (Binary) q.expr();
        Binary plus = (Binary) minus.lhs();
        assertThat(q.positionOf(plus.rhs())).isEqualTo(4);
        assertThat(q.positionOf(minus.rhs())).isEqualTo(21);
    }

    @Test
    void subqueryAndModifiedSelectorsStartAtTheirInnerExpression() {
        ParsedQuery q = Parser.parseWithPositions("max_over_time(rate(foo[5m])[30m:1m] @ 100) + bar offset 1m anchored");
        Binary b = (Binary) q.expr();
        Subquery sq = (Subquery) ((Call) b.lhs()).args().get(0);
        assertThat(q.positionOf(sq)).isEqualTo(14);
        assertThat(q.positionOf(sq.expr())).isEqualTo(14);
        assertThat(q.positionOf(b.rhs())).isEqualTo(45);
    }

    @Test
    void unknownNodesHaveNoPosition() {
        ParsedQuery q = Parser.parseWithPositions("foo");
        VectorSelector same = (VectorSelector) Parser.parse("foo");
        assertThat(same).isEqualTo(q.expr());
        assertThat(q.positionOf(same)).isEqualTo(-1);
        assertThat(q.positionOf(q.expr())).isZero();
    }

    @Test
    void lineAndColumnCountBytesFromOne() {
        ParsedQuery q = Parser.parseWithPositions("sum(\n  rate(foo[5m])\n)");
        Call rate = (Call) ((Aggregate) q.expr()).expr();
        assertThat(q.positionOf(rate)).isEqualTo(7);
        assertThat(q.lineColumn(q.positionOf(rate))).isEqualTo("2:3");
        assertThat(q.lineColumn(0)).isEqualTo("1:1");
    }

    @Test
    void positionsAreByteOffsetsWhenTheQueryIsNotAscii() {
        ParsedQuery q = Parser.parseWithPositions("foo{a=\"é\"} + bar");
        Binary b = (Binary) q.expr();
        assertThat(q.positionOf(b.rhs())).isEqualTo(14);
        assertThat(q.lineColumn(14)).isEqualTo("1:15");
    }

    @Test
    void parseErrorColumnsAreBytes() {
        ParseException e = org.junit.jupiter.api.Assertions.assertThrows(ParseException.class,
                () -> Parser.parse("foo{a=\"é\"} + $"));
        assertThat(e.getMessage()).isEqualTo("1:15: parse error: unexpected character: '$'");
        assertThat(e.position()).isEqualTo(14);
    }

    @Test
    void durationErrorsNameTheByteRangeOfTheExpressionAtFault() {
        ParsedQuery q = Parser.parseWithPositions("foo[step()-10s]");
        MatrixSelector ms = (MatrixSelector) q.expr();
        DurationExpr.InvalidDuration notPositive = org.junit.jupiter.api.Assertions.assertThrows(
                DurationExpr.InvalidDuration.class, () -> ms.rangeExpr().evaluatePositiveMillis(0, 0));
        assertThat(q.describe(notPositive)).isEqualTo("4:14: duration must be greater than 0");

        ParsedQuery division = Parser.parseWithPositions("foo offset (1m / (step()))");
        VectorSelector vs = (VectorSelector) division.expr();
        DurationExpr.InvalidDuration byZero = org.junit.jupiter.api.Assertions.assertThrows(
                DurationExpr.InvalidDuration.class, () -> vs.offsetExpr().evaluateMillis(0, 0));
        assertThat(division.describe(byZero)).isEqualTo("12:24: division by zero");
    }

    @Test
    void parenthesisedLiteralSpansFromItsParenthesis() {
        ParsedQuery q = Parser.parseWithPositions("foo[(5m)] offset -(1m)");
        MatrixSelector ms = (MatrixSelector) q.expr();
        assertThat(q.spanOf(ms.rangeExpr())).isEqualTo(new ParsedQuery.ByteSpan(4, 7));
        assertThat(q.spanOf(ms.selector().offsetExpr())).isEqualTo(new ParsedQuery.ByteSpan(17, 21));
        assertThat(q.spanOf(new DurationExpr.Step())).isNull();
    }
}
