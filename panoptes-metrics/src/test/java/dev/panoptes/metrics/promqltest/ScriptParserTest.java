package dev.panoptes.metrics.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptParserTest {

    private static ValueSequence values(String sequence) throws ScriptParseException {
        return SeriesDescriptionParser.parseLine("m " + sequence, 1).values();
    }

    private static double[] floats(ValueSequence v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.kind(i) == ValueSequence.FLOAT ? v.floatAt(i) : -12345;
        }
        return out;
    }

    @Test
    void expandsRepetitionsToNPlusOneValuesButBlanksToN() throws ScriptParseException {
        assertThat(floats(values("0+10x3"))).containsExactly(0, 10, 20, 30);
        assertThat(floats(values("5x2"))).containsExactly(5, 5, 5);
        assertThat(floats(values("10-2x2"))).containsExactly(10, 8, 6);
        assertThat(floats(values("-1+-1x1"))).containsExactly(-1, -2);
        ValueSequence v = values("1 _x3 5 _");
        assertThat(v.size()).isEqualTo(6);
        assertThat(v.kind(1)).isEqualTo(ValueSequence.OMITTED);
        assertThat(v.kind(3)).isEqualTo(ValueSequence.OMITTED);
        assertThat(v.floatAt(4)).isEqualTo(5);
        assertThat(v.kind(5)).isEqualTo(ValueSequence.OMITTED);
    }

    @Test
    void expandsByRepeatedAdditionBitForBit() throws ScriptParseException {
        double expected = 0;
        ValueSequence v = values("0+1.33x10");
        for (int i = 0; i <= 10; i++) {
            assertThat(Double.doubleToRawLongBits(v.floatAt(i))).isEqualTo(Double.doubleToRawLongBits(expected));
            expected += 1.33;
        }
    }

    @Test
    void readsSpecialNumbersAndTheStaleMarker() throws ScriptParseException {
        ValueSequence v = values("Inf -inf NaN +1 .8 1.78264E+50 1e-6 stale");
        assertThat(v.floatAt(0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(v.floatAt(1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(v.floatAt(2)).isNaN();
        assertThat(ValueSequence.isStale(v.floatAt(2))).isFalse();
        assertThat(v.floatAt(3)).isEqualTo(1);
        assertThat(v.floatAt(4)).isEqualTo(0.8);
        assertThat(v.floatAt(5)).isEqualTo(1.78264e50);
        assertThat(v.floatAt(6)).isEqualTo(1e-6);
        assertThat(Double.doubleToRawLongBits(v.floatAt(7))).isEqualTo(0x7ff0000000000002L);
    }

    @Test
    void rejectsHexadecimalAndDurationsInValueSequences() {
        assertThatThrownBy(() -> values("0x1f")).isInstanceOf(ScriptParseException.class);
        assertThatThrownBy(() -> values("5m")).isInstanceOf(ScriptParseException.class);
    }

    @Test
    void readsSeriesLiteralsWithQuotedAndUtf8Names() throws ScriptParseException {
        assertThat(SeriesDescriptionParser.parseLine("http_requests{job=\"api\", instance='0',} 1", 1).labels())
                .isEqualTo(Labels.of("__name__", "http_requests", "job", "api", "instance", "0"));
        assertThat(SeriesDescriptionParser.parseLine("{\"my.metric\", \"label.with.dots\"=\"v\"} 1", 1).labels())
                .isEqualTo(Labels.of("__name__", "my.metric", "label.with.dots", "v"));
        assertThat(SeriesDescriptionParser.parseLine("{} 1", 1).labels()).isEqualTo(Labels.empty());
        assertThat(SeriesDescriptionParser.parseLine("{a=\"x\\\"y\", b=`r\\n`} 1", 1).labels())
                .isEqualTo(Labels.of("a", "x\"y", "b", "r\\n"));
        assertThat(SeriesDescriptionParser.parseLine("single_histogram\t{{schema:1 count:2}}", 1).values().kind(0))
                .isEqualTo(ValueSequence.HISTOGRAM);
    }

    @Test
    void readsTheHistogramNotationWithAbsoluteBuckets() throws ScriptParseException {
        ValueSequence v = values("{{schema:1 sum:-2.5 count:9 z_bucket:1 z_bucket_w:0.001 buckets:[1 2 3] offset:-1 "
                + "n_buckets:[2] n_offset:3 counter_reset_hint:gauge}}");
        FloatHistogram h = v.histogramAt(0);
        assertThat(h.schema()).isEqualTo(1);
        assertThat(h.sum()).isEqualTo(-2.5);
        assertThat(h.count()).isEqualTo(9);
        assertThat(h.zeroCount()).isEqualTo(1);
        assertThat(h.zeroThreshold()).isEqualTo(0.001);
        assertThat(h.positiveSpans()).containsExactly(new Span(-1, 3));
        assertThat(h.positiveBuckets()).containsExactly(1, 2, 3);
        assertThat(h.negativeSpans()).containsExactly(new Span(3, 1));
        assertThat(h.counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(v.hintStatedAt(0)).isTrue();
        FloatHistogram custom = values("{{schema:-53 custom_values:[-2 3] buckets:[0 1]}}").histogramAt(0);
        assertThat(custom.customValues()).containsExactly(-2, 3);
        assertThat(values("{{}}").hintStatedAt(0)).isFalse();
        assertThatThrownBy(() -> values("{{sum:1 sum:2}}")).hasMessageContaining("duplicate key");
    }

    @Test
    void addsHistogramIncrementsAndTakesTheHintStatementFromTheIncrement() throws ScriptParseException {
        ValueSequence v = values("{{schema:0 sum:1 count:1 buckets:[1]}}+{{schema:0 sum:2 count:2 buckets:[2] counter_reset_hint:gauge}}x2");
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.histogramAt(2).count()).isEqualTo(5);
        assertThat(v.histogramAt(2).sum()).isEqualTo(5);
        assertThat(v.histogramAt(2).counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(v.hintStatedAt(0)).isTrue();
        ValueSequence repeated = values("{{count:3}}x2");
        assertThat(repeated.size()).isEqualTo(3);
        assertThat(repeated.histogramAt(2).count()).isEqualTo(3);
    }

    @Test
    void commentsEndBlocksAndLaterSeriesLinesWin() throws ScriptParseException {
        Script s = ScriptParser.parse("""
                load 5m
                  a{x="1"} 1 2
                  a{x="1"} 7
                # a comment ends the block
                eval instant at 10m a
                  a{x="1"} 7

                clear
                """);
        assertThat(s.commands()).hasSize(3);
        Command.Load load = (Command.Load) s.commands().getFirst();
        assertThat(load.intervalMillis()).isEqualTo(300_000);
        assertThat(load.series()).hasSize(1);
        assertThat(load.series().getFirst().values().floatAt(0)).isEqualTo(7);
        EvalCommand eval = (EvalCommand) s.commands().get(1);
        assertThat(eval.evalTime()).isEqualTo(600_000);
        assertThat(eval.line()).isEqualTo(5);
        assertThat(s.commands().get(2)).isInstanceOf(Command.Clear.class);
    }

    @Test
    void readsEvalHeadersAndExpectLines() throws ScriptParseException {
        Script s = ScriptParser.parse("""
                eval range from 0 to 10m step 1m1s rate(x[5m])
                  expect warn msg: PromQL warning: something (1:6)
                  expect warn regex:something \\(\\d+:\\d+\\)
                  expect no_info
                  {} 1 _ 2

                eval instant at 1h30m sum(x)
                  expect ordered
                  expect fail msg:vector cannot contain metrics with the same labelset

                eval_fail instant at 0 x
                  expected_fail_regexp (a|b)

                eval instant at 1m 0x10
                  16
                """);
        EvalCommand range = (EvalCommand) s.commands().get(0);
        assertThat(range.range()).isTrue();
        assertThat(range.end()).isEqualTo(600_000);
        assertThat(range.step()).isEqualTo(61_000);
        assertThat(range.expr()).isEqualTo("rate(x[5m])");
        assertThat(range.expect().warns()).hasSize(2);
        assertThat(range.expect().warns().get(0).matches("PromQL warning: something (1:6)")).isTrue();
        assertThat(range.expect().warns().get(1).matches("PromQL warning: something (1:6)")).isTrue();
        assertThat(range.expect().noInfo()).isTrue();
        assertThat(range.expected().getFirst().series().values().size()).isEqualTo(3);
        EvalCommand instant = (EvalCommand) s.commands().get(1);
        assertThat(instant.evalTime()).isEqualTo(5_400_000);
        assertThat(instant.expect().ordered()).isTrue();
        assertThat(instant.expect().fail()).isTrue();
        assertThat(instant.expect().failMatches().getFirst().matches("vector cannot contain metrics with the same labelset")).isTrue();
        EvalCommand deprecated = (EvalCommand) s.commands().get(2);
        assertThat(deprecated.expect().fail()).isTrue();
        assertThat(deprecated.expect().failMatches().getFirst().matches("xx b")).isTrue();
        EvalCommand scalar = (EvalCommand) s.commands().get(3);
        assertThat(scalar.expectScalar()).isTrue();
        assertThat(scalar.scalar()).isEqualTo(16);
    }

    @Test
    void expectRangeVectorMovesTheEvaluationTimeToItsEnd() throws ScriptParseException {
        Script s = ScriptParser.parse("""
                eval instant at 1m x[1m]
                  expect range vector from 10s to 1m step 10s
                  x 1 2 3 4 5 6
                """);
        EvalCommand e = (EvalCommand) s.commands().getFirst();
        assertThat(e.evalTime()).isEqualTo(60_000);
        assertThat(e.start()).isEqualTo(10_000);
        assertThat(e.step()).isEqualTo(10_000);
        assertThat(e.expect().rangeVector()).isTrue();
    }

    @Test
    void readsExpectStringLiterals() throws ScriptParseException {
        Script s = ScriptParser.parse("eval instant at 0 \" Foo \"\n  expect string \" Foo \"\n\neval instant at 0 `a`\n  expect string `a\\n`\n");
        assertThat(((EvalCommand) s.commands().get(0)).expect().expectedString()).isEqualTo(" Foo ");
        assertThat(((EvalCommand) s.commands().get(1)).expect().expectedString()).isEqualTo("a\\n");
    }

    @Test
    void checksStartTimestampLinesAgainstTheirSampleLine() throws ScriptParseException {
        Script s = ScriptParser.parse("load 1m\n  c@st _ _ -30s-1mx2\n  c 1 2 3 4 5\n");
        assertThat(((Command.Load) s.commands().getFirst()).startTimestamps()).isTrue();
        assertThatThrownBy(() -> ScriptParser.parse("load 1m\n  c@st _ _\n  c 1 2 3\n")).hasMessageContaining("2 values");
        assertThatThrownBy(() -> ScriptParser.parse("load 1m\n  c@st _\n  d 1\n")).hasMessageContaining("does not match");
        assertThatThrownBy(() -> ScriptParser.parse("load 1m\n  c@st _\n")).hasMessageContaining("no following sample line");
    }

    @Test
    void failsTheWholeScriptOnAnySyntaxError() {
        List<String> bad = List.of(
                "frobnicate 5m",
                "eval instant at 1m sum(",
                "eval instant 1m x",
                "eval range from 10m to 5m step 1m x",
                "eval instant at 1m x\n  expect warn\n  expect no_warn",
                "eval instant at 1m x\n  expect info\n  expect no_info",
                "eval instant at 1m x\n  expect fail\n  expect fail msg: a",
                "eval instant at 1m x\n  expect bogus",
                "eval instant at 1m x\n  x 1 2",
                "load 5m\n  x{a=~\"b\"} 1");
        for (String script : bad) {
            assertThatThrownBy(() -> ScriptParser.parse(script)).as(script).isInstanceOf(ScriptParseException.class);
        }
        assertThat(ScriptParser.countEvalHeaders("load 1m\n x 1\n\neval instant at 0 x\n\n# eval instant at 0 y\nEVAL_fail instant at 0 z\n"))
                .isEqualTo(2);
    }
}
