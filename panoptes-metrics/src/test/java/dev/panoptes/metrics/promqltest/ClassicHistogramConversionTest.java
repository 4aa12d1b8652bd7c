package dev.panoptes.metrics.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassicHistogramConversionTest {

    private static List<ClassicHistogramConversion.Converted> convert(String script) throws ScriptParseException {
        Command.Load load = (Command.Load) ScriptParser.parse(script).commands().getFirst();
        return ClassicHistogramConversion.convert(load.series(), load.intervalMillis());
    }

    @Test
    void buildsCustomBucketHistogramsFromCumulativeBuckets() throws ScriptParseException {
        List<ClassicHistogramConversion.Converted> out = convert("""
                load_with_nhcb 5m
                  foo_bucket{le="0.1", a="x"} 0 1
                  foo_bucket{le="1", a="x"} 2 3
                  foo_bucket{le="+Inf", a="x"} 2 6
                  foo_sum{a="x"} 1.5 7
                  foo_count{a="x"} 2 6
                  unrelated 1 1
                """);
        assertThat(out).hasSize(1);
        ClassicHistogramConversion.Converted c = out.getFirst();
        assertThat(c.labels()).isEqualTo(Labels.of("__name__", "foo", "a", "x"));
        assertThat(c.timestamps()).containsExactly(0, 300_000);
        FloatHistogram first = c.histograms()[0];
        assertThat(first.schema()).isEqualTo(-53);
        assertThat(first.customValues()).containsExactly(0.1, 1);
        assertThat(first.count()).isEqualTo(2);
        assertThat(first.sum()).isEqualTo(1.5);
        // Bucket 0 is empty and left out of the spans.
        assertThat(first.positiveSpans()).containsExactly(new Span(1, 1));
        assertThat(first.positiveBuckets()).containsExactly(2);
        FloatHistogram second = c.histograms()[1];
        assertThat(second.positiveSpans()).containsExactly(new Span(0, 3));
        assertThat(second.positiveBuckets()).containsExactly(1, 2, 3);
    }

    @Test
    void addsAnInfiniteBucketAndTakesTheCountFromTheLargestBucket() throws ScriptParseException {
        FloatHistogram h = convert("load_with_nhcb 1m\n  bar_bucket{le=\"5\"} 4\n").getFirst().histograms()[0];
        assertThat(h.customValues()).containsExactly(5);
        assertThat(h.count()).isEqualTo(4);
        assertThat(h.positiveSpans()).containsExactly(new Span(0, 1));
        assertThat(h.positiveBuckets()).containsExactly(4);
    }

    @Test
    void rejectsCountsThatAreNotCumulativeOrDisagreeWithTheCount() {
        assertThatThrownBy(() -> convert("load_with_nhcb 1m\n  b_bucket{le=\"1\"} 5\n  b_bucket{le=\"2\"} 3\n"))
                .hasMessageContaining("not cumulative");
        assertThatThrownBy(() -> convert("load_with_nhcb 1m\n  b_bucket{le=\"+Inf\"} 5\n  b_count 4\n"))
                .hasMessageContaining("count mismatch");
        assertThatThrownBy(() -> convert("load_with_nhcb 1m\n  b_bucket{le=\"1\"} -1\n"))
                .hasMessageContaining("non-negative");
    }

    @Test
    void skipsBucketsWhoseBoundIsNotANumber() throws ScriptParseException {
        assertThat(convert("load_with_nhcb 1m\n  b_bucket{le=\"x\"} 5\n  b_bucket{le=\"NaN\"} 5\n")).isEmpty();
        FloatHistogram h = convert("load_with_nhcb 1m\n  b_bucket{le=\"x\"} 5\n  b_bucket{le=\"2\"} 3\n").getFirst().histograms()[0];
        assertThat(h.customValues()).containsExactly(2);
    }
}
