package dev.panoptes.metrics.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The multi-line form {@code /api/v1/format_query} returns: the line structure is the one
 * Prometheus gives for the same queries (checked against a running Prometheus), with the
 * selector spelling of the one-line printer.
 */
class PrettyPrintTest {

    @ParameterizedTest
    @ValueSource(strings = {"up", "sum by (job) (rate(x[5m]))", "a + on (b) group_left c", "max_over_time(rate(x[5m])[30m:1m])"})
    void shortExpressionsStayOnOneLine(String query) {
        Expr e = Parser.parse(query);
        assertThat(Printer.pretty(e)).isEqualTo(Printer.print(e));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
            sum by (job) (rate(http_requests_total{job="apiserver", handler="/api/comments", instance="host-123:9090"}[5m])) \
            => sum by (job) (\\n  rate(http_requests_total{job="apiserver", handler="/api/comments", instance="host-123:9090"}[5m])\\n)
            histogram_quantile(0.9, sum by (le, job) (rate(http_request_duration_seconds_bucket{job="apiserver", verb!~"WATCH|LIST"}[5m]))) \
            => histogram_quantile(\\n  0.9,\\n  sum by (le, job) (\\n    rate(http_request_duration_seconds_bucket{job="apiserver", verb!~"WATCH|LIST"}[5m])\\n  )\\n)
            node_hwmon_temp_celsius{instance="host-1:9100", job="node"} / on (instance, job) group_left (kind) node_memory_bytes{kind="k0", group="7", instance="x"} \
            => '  node_hwmon_temp_celsius{instance="host-1:9100", job="node"}\\n/ on (instance, job) group_left (kind)\\n  node_memory_bytes{kind="k0", group="7", instance="x"}'
            -sum(rate(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_total[5m])) by (job) > bool 10 * count(up{job="bbbbbbbbbbbbbbbbbbbbbbbbbbbb"}) \
            => '  -sum by (job) (rate(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_total[5m]))\\n> bool\\n  10 * count(up{job="bbbbbbbbbbbbbbbbbbbbbbbbbbbb"})'
            max_over_time(rate(node_cpu_seconds_total{mode="idle", instance="host-000000:9100", job="job-0"}[5m])[30m:1m] offset 1h) \
            => max_over_time(\\n  rate(node_cpu_seconds_total{mode="idle", instance="host-000000:9100", job="job-0"}[5m])[30m:1m] offset 1h\\n)
            topk(5, (sum by (instance) (rate(node_network_receive_bytes_total{device="eth0"}[5m])) + sum by (instance) (rate(node_network_transmit_bytes_total[5m])))) \
            => topk(\\n  5,\\n  (\\n      sum by (instance) (rate(node_network_receive_bytes_total{device="eth0"}[5m]))\\n    +\\n      sum by (instance) (rate(node_network_transmit_bytes_total[5m]))\\n  )\\n)
            """)
    void longExpressionsSplitAsPrometheusDoes(String query, String expected) {
        String pretty = Printer.pretty(Parser.parse(query));
        assertThat(pretty).isEqualTo(expected.replace("\\n", "\n"));
        // The multi-line form means the same query.
        assertThat(Printer.print(Parser.parse(pretty))).isEqualTo(Printer.print(Parser.parse(query)));
    }
}
