package dev.panoptes.metrics.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.metrics.promql.parser.Expr.Binary;
import dev.panoptes.metrics.promql.parser.Expr.Call;
import dev.panoptes.metrics.promql.parser.Expr.MatrixSelector;
import dev.panoptes.metrics.promql.parser.Expr.Subquery;
import dev.panoptes.metrics.promql.parser.Expr.VectorSelector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The binary-operator fill modifiers, the native-histogram trim operators and the {@code
 * anchored}/{@code smoothed} selector modifiers.
 */
class OperatorAndSelectorModifierParseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a + fill(0) b|a + fill (0) b",
        "a + fill_left(5) fill_right(7) b|a + fill_left (5) fill_right (7) b",
        "a + fill_right(7) fill_left(5) b|a + fill_left (5) fill_right (7) b",
        "a + fill_left(3) fill_right(3) b|a + fill (3) b",
        "a + fill(-Inf) b|a + fill (-Inf) b",
        "a + fill(NaN) b|a + fill_left (NaN) fill_right (NaN) b",
        "a + ignoring(job) group_left fill(0) b|a + ignoring (job) group_left fill (0) b",
        "a * on(instance) group_right(x) fill_right(1) b|a * on (instance) group_right (x) fill_right (1) b",
        "a != bool fill(30) b|a != bool fill (30) b",
        "other + fill|other + fill",
        "other + fill(0) fill|other + fill (0) fill",
        "fill + fill(0) other|fill + fill (0) other",
        "cbh </ 5|cbh </ 5",
        "cbh >/ on (label) x|cbh >/ on (label) x",
        "foo[5m] anchored|foo[5m] anchored",
        "foo anchored[5m]|foo[5m] anchored",
        "foo smoothed|foo smoothed",
        "foo @ 100 smoothed offset -100|foo @ 100.000 smoothed offset -1m40s",
        "foo offset 1m smoothed @ 100|foo @ 100.000 smoothed offset 1m",
        "rate(foo[5m] SMOOTHED @ 10 offset 1m)|rate(foo[5m] smoothed @ 10.000 offset 1m)",
        "foo[5m] anchored anchored|foo[5m] anchored",
        "foo offset (1m) anchored * 2|foo offset (1m) anchored * 2",
        "foo offset (1m) @ 10 + 2|foo offset (1m) @ 10.000 + 2",
        "rate(foo[5m] offset (1m) anchored)|rate(foo[5m] offset (1m) anchored)",
        "foo offset (1m) * 2 @ 10|foo offset (1m) * 2 @ 10.000",
    })
    void printsModifiersAndReparsesToTheSameTree(String query, String printed) {
        Expr e = Parser.parse(query);
        assertThat(Printer.print(e)).isEqualTo(printed);
        assertThat(Parser.parse(printed)).isEqualTo(e);
    }

    @Test
    void fillValuesSitOnTheMatching() {
        VectorMatching both = ((Binary) Parser.parse("a + fill(2m) b")).matching();
        assertThat(both.fillLeft()).isEqualTo(120.0);
        assertThat(both.fillRight()).isEqualTo(120.0);
        VectorMatching left = ((Binary) Parser.parse("a + on(x) fill_left(-1) b")).matching();
        assertThat(left.fillLeft()).isEqualTo(-1.0);
        assertThat(left.fillRight()).isNull();
        assertThat(left.on()).isTrue();
        assertThat(left.labels()).containsExactly("x");
        assertThat(((Binary) Parser.parse("a + b")).matching().hasFill()).isFalse();
    }

    @Test
    void trimOperatorsBindLikeComparisonsButAreNotComparisons() {
        Binary b = (Binary) Parser.parse("h </ 1 + 2");
        assertThat(b.op()).isEqualTo(BinaryOp.TRIM_UPPER);
        assertThat(b.rhs()).isInstanceOf(Binary.class);
        assertThat(BinaryOp.TRIM_LOWER.isComparison()).isFalse();
        assertThat(((Binary) Parser.parse("h >/ 0")).op()).isEqualTo(BinaryOp.TRIM_LOWER);
        assertThat(Parser.parse("a < b")).isEqualTo(Parser.parse("a<b"));
    }

    @Test
    void anchoredAndSmoothedSitOnTheVectorSelector() {
        MatrixSelector ms = (MatrixSelector) ((Call) Parser.parse("increase(foo[1m] anchored)")).args().get(0);
        assertThat(ms.anchored()).isTrue();
        assertThat(ms.smoothed()).isFalse();
        assertThat(ms.selector().anchored()).isTrue();
        VectorSelector vs = (VectorSelector) Parser.parse("foo smoothed");
        assertThat(vs.smoothed()).isTrue();
        Binary sum = (Binary) Parser.parse("metric @ 100 smoothed + 0");
        assertThat(((VectorSelector) sum.lhs()).smoothed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anchored", "smoothed", "step", "range", "min_of", "fill_left"})
    void modifierKeywordsStayUsableAsMetricNames(String name) {
        VectorSelector vs = (VectorSelector) Parser.parse(name);
        assertThat(vs.metricName()).isEqualTo(name);
        assertThat(Parser.parse("rate(" + name + "[5m] anchored)")).isInstanceOf(Call.class);
    }

    @Test
    void oldRecordConstructorsFillNeutralValues() {
        VectorSelector vs = (VectorSelector) Parser.parse("foo");
        assertThat(new VectorSelector(vs.metricName(), vs.matchers(), 0, null)).isEqualTo(vs);
        Subquery sq = (Subquery) Parser.parse("foo[5m:1m]");
        assertThat(new Subquery(vs, 300_000, 60_000, 0, null)).isEqualTo(sq);
        VectorMatching m = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE, List.of(), false, List.of());
        assertThat(m).isEqualTo(((Binary) Parser.parse("a + b")).matching());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1 + fill(0) foo|1:1: parse error: filling in missing series only allowed between instant vectors",
        "a and fill(0) b|1:1: parse error: filling in missing series not allowed for set operators",
        "a + fill(0) fill(1) b|1:13: parse error: unexpected identifier \"fill\"",
        "a + fill(x) b|1:10: parse error: unexpected identifier \"x\"",
        "a </ bool b|1:3: parse error: bool modifier can only be used on comparison operators",
        "foo[5m] anchored smoothed|1:1: parse error: anchored and smoothed modifiers cannot be used together",
        "foo smoothed anchored|1:1: parse error: anchored and smoothed modifiers cannot be used together",
        "rate(foo[5m])[10m:] anchored|1:1: parse error: anchored modifier is not supported for subqueries",
        "sum(foo) smoothed|1:1: parse error: smoothed modifier not implemented",
        "1 + (foo) anchored|1:5: parse error: anchored modifier not implemented",
    })
    void rejectsMisplacedModifiersWithPrometheusMessages(String query, String message) {
        assertThatThrownBy(() -> Parser.parse(query)).isInstanceOf(ParseException.class).hasMessage(message);
    }
}
