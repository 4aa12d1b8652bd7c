package dev.panoptes.wire.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.Labels;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextExpositionParserTest {

    private final List<String> events = new ArrayList<>();
    private final ExpositionSink sink = new ExpositionSink() {
        @Override
        public void type(String metricFamily, String type) {
            events.add("TYPE " + metricFamily + " " + type);
        }

        @Override
        public void help(String metricFamily, String help) {
            events.add("HELP " + metricFamily + " " + help);
        }

        @Override
        public void unit(String metricFamily, String unit) {
            events.add("UNIT " + metricFamily + " " + unit);
        }

        @Override
        public void sample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar) {
            events.add(labels + " " + value + (timestampMs == NO_TIMESTAMP ? "" : " @" + timestampMs)
                    + (exemplar == null ? "" : " # " + exemplar.labels() + " " + exemplar.value() + " @" + exemplar.timestampMs()));
        }
    };

    private long parse(ExpositionFormat format, String text) throws Exception {
        return new TextExpositionParser(format, sink).parse(new StringReader(text));
    }

    @Test
    void prometheusTextWithMetadataEscapesAndSpecialValues() throws Exception {
        long n = parse(ExpositionFormat.PROMETHEUS_TEXT, """
                # HELP http_requests_total The total number of HTTP requests.\\nSecond line.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000
                # a free comment
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                nan_value NaN
                trailing_comma{a="1",} -Inf
                """);
        assertThat(n).isEqualTo(7);
        assertThat(events).containsExactly(
                "HELP http_requests_total The total number of HTTP requests.\nSecond line.",
                "TYPE http_requests_total counter",
                "{__name__=\"http_requests_total\", code=\"200\", method=\"post\"} 1027.0 @1395066363000",
                "{__name__=\"http_requests_total\", code=\"400\", method=\"post\"} 3.0 @1395066363000",
                "{__name__=\"msdos_file_access_time_seconds\", error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\", path=\"C:\\\\DIR\\\\FILE.TXT\"} 1.458255915E9",
                "{__name__=\"metric_without_timestamp_and_labels\"} 12.47",
                "{__name__=\"something_weird\", problem=\"division by zero\"} Infinity @-3982045",
                "{__name__=\"nan_value\"} NaN",
                "{__name__=\"trailing_comma\", a=\"1\"} -Infinity");
    }

    @Test
    void openMetricsWithSecondsExemplarsUnitsAndEof() throws Exception {
        parse(ExpositionFormat.OPENMETRICS, """
                # TYPE foo_seconds histogram
                # UNIT foo_seconds seconds
                foo_seconds_bucket{le="0.1"} 8 1520879607.789 # {trace_id="abc"} 0.054 1520879607.7
                foo_seconds_count 17 1520879607
                {"my.dotted.metric","service.name"="api"} 1
                # EOF
                """);
        assertThat(events).containsExactly(
                "TYPE foo_seconds histogram",
                "UNIT foo_seconds seconds",
                "{__name__=\"foo_seconds_bucket\", le=\"0.1\"} 8.0 @1520879607789 # {trace_id=\"abc\"} 0.054 @1520879607700",
                "{__name__=\"foo_seconds_count\"} 17.0 @1520879607000",
                "{__name__=\"my.dotted.metric\", service.name=\"api\"} 1.0");
    }

    @Test
    void consecutiveSamplesOfOneSeriesShareTheirLabels() throws Exception {
        List<Labels> seen = new ArrayList<>();
        new TextExpositionParser(ExpositionFormat.OPENMETRICS, (labels, value, t, exemplar) -> seen.add(labels))
                .parse(new StringReader("a{x=\"1\"} 1 1\na{x=\"1\"} 2 2\na{x=\"2\"} 3 3\n# EOF\n"));
        assertThat(seen.get(0)).isSameAs(seen.get(1)).isNotSameAs(seen.get(2));
    }

    @Test
    void errorsNameTheLineAndColumn() {
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "ok 1\nbad{a=\"1\" 2\n"))
                .isInstanceOfSatisfying(ExpositionParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("line 2").contains("labels not closed");
                });
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "x{a=\"1\"} one\n"))
                .hasMessage("line 1, column 10: 'one' is not a number");
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "x{a=\"1\",a=\"2\"} 1\n"))
                .hasMessageContaining("label 'a' appears twice");
        assertThatThrownBy(() -> parse(ExpositionFormat.OPENMETRICS, "x 1\n"))
                .hasMessageContaining("line 2").hasMessageContaining("missing # EOF");
        assertThatThrownBy(() -> parse(ExpositionFormat.OPENMETRICS, "x 1\n# EOF\ny 2\n"))
                .hasMessageContaining("line 3").hasMessageContaining("after # EOF");
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "x 1 1.5\n"))
                .hasMessageContaining("not a timestamp");
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "x\n"))
                .hasMessageContaining("no value");
        assertThatThrownBy(() -> parse(ExpositionFormat.PROMETHEUS_TEXT, "# TYPE x kounter\n"))
                .hasMessageContaining("unknown metric type 'kounter'");
    }

    @Test
    void fractionalSecondsBecomeExactMilliseconds() {
        assertThat(TextExpositionParser.secondsToMillis("1795474603.533")).isEqualTo(1795474603533L);
        assertThat(TextExpositionParser.secondsToMillis("1.5")).isEqualTo(1500);
        assertThat(TextExpositionParser.secondsToMillis("-1.25")).isEqualTo(-1250);
        assertThat(TextExpositionParser.secondsToMillis("1.2345")).isEqualTo(1234);
        assertThat(TextExpositionParser.secondsToMillis("1e3")).isEqualTo(1_000_000);
    }
}
