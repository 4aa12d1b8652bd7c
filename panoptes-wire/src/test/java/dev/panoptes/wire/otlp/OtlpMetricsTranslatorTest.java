package dev.panoptes.wire.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.remotewrite.RemoteWriteSink;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpMetricsTranslatorTest {

    @Test
    void namesGetUnitAndTypeSuffixesAsTheSpecificationSays() {
        assertThat(PrometheusNames.metric("http.server.duration", "ms", false, false)).isEqualTo("http_server_duration_milliseconds");
        assertThat(PrometheusNames.metric("http.server.requests", "{request}", true, false)).isEqualTo("http_server_requests_total");
        assertThat(PrometheusNames.metric("system.network.io", "By", true, false)).isEqualTo("system_network_io_bytes_total");
        assertThat(PrometheusNames.metric("requests_total", "", true, false)).isEqualTo("requests_total");
        assertThat(PrometheusNames.metric("throughput", "By/s", false, true)).isEqualTo("throughput_bytes_per_second");
        assertThat(PrometheusNames.metric("cpu.utilization", "1", false, true)).isEqualTo("cpu_utilization_ratio");
        assertThat(PrometheusNames.metric("latency_seconds", "s", false, false)).isEqualTo("latency_seconds");
        assertThat(PrometheusNames.label("http.method")).isEqualTo("http_method");
        assertThat(PrometheusNames.label("0day")).isEqualTo("key_0day");
    }

    @Test
    void namesCanBeKeptAsSentAndResourceAttributesPromoted() {
        Metric metric = Metric.newBuilder().setName("http.server.requests").setUnit("{request}").setSum(
                io.opentelemetry.proto.metrics.v1.Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder().setTimeUnixNano(1_000_000_000L).setAsInt(4)
                                .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("http.method")
                                        .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("GET"))))).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(
                        io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("cloud.region")
                                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("eu-1"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric))).build();
        List<Labels> series = new ArrayList<>();
        RemoteWriteSink sink = recording(series, new ArrayList<>());
        new OtlpMetricsTranslator(new OtlpMetricsTranslator.Options(true, java.util.Set.of("cloud.region"))).translate(request, sink);
        assertThat(series).contains(Labels.of("__name__", "http.server.requests", "http.method", "GET", "cloud.region", "eu-1"));
        series.clear();
        new OtlpMetricsTranslator(new OtlpMetricsTranslator.Options(false, java.util.Set.of("cloud.region"))).translate(request, sink);
        assertThat(series).contains(Labels.of("__name__", "http_server_requests_total", "http_method", "GET", "cloud_region", "eu-1"));
    }

    @Test
    void anExponentialHistogramAboveSchema8IsDownscaled() {
        ExponentialHistogramDataPoint point = ExponentialHistogramDataPoint.newBuilder()
                .setTimeUnixNano(2_000_000_000L).setScale(10).setCount(10).setSum(5).setZeroCount(0)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(4).addAllBucketCounts(List.of(1L, 2L, 3L, 4L)))
                .build();
        Metric metric = Metric.newBuilder().setName("latency").setUnit("s").setExponentialHistogram(ExponentialHistogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(point)).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric))).build();
        List<Histogram> histograms = new ArrayList<>();
        List<Labels> series = new ArrayList<>();
        OtlpMetricsTranslator.Result result = new OtlpMetricsTranslator().translate(request, recording(series, histograms));
        assertThat(result.rejectedDataPoints()).isZero();
        assertThat(series).containsExactly(Labels.of("__name__", "latency_seconds"));
        Histogram h = histograms.get(0);
        assertThat(h.schema()).isEqualTo(8);
        // OTLP indices 4..7 at scale 10 are index 1 at scale 8; Prometheus numbers it 2.
        assertThat(h.positiveSpans()).containsExactly(new Span(2, 1));
        assertThat(h.positiveBuckets()).containsExactly(10);
        assertThat(h.count()).isEqualTo(10);
    }

    /** A sink that records series labels and integer histograms. */
    private static RemoteWriteSink recording(List<Labels> series, List<Histogram> histograms) {
        return new RemoteWriteSink() {
            @Override
            public void series(Labels labels) {
                series.add(labels);
            }

            @Override
            public void sample(long t, double v) {
            }

            @Override
            public void histogram(long t, Histogram h, FloatHistogram f) {
                if (h != null) {
                    histograms.add(h.copy());
                }
            }

            @Override
            public void exemplar(Labels labels, double value, long t) {
            }

            @Override
            public void metadata(String family, String type, String help, String unit) {
            }
        };
    }
}
