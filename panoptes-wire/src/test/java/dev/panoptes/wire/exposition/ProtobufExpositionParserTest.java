package dev.panoptes.wire.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Prometheus Java client's protobuf exposition, parsed. */
class ProtobufExpositionParserTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<Labels, Double> samples = new LinkedHashMap<>();
    private final Map<Labels, Long> created = new LinkedHashMap<>();
    private final Map<Labels, Histogram> histograms = new LinkedHashMap<>();
    private final Map<Labels, FloatHistogram> floatHistograms = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<ExpositionSink.ParsedExemplar> exemplars = new ArrayList<>();

    private final ExpositionSink sink = new ExpositionSink() {
        @Override
        public void type(String family, String type) {
            types.put(family, type);
        }

        @Override
        public void sample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar) {
            samples.put(labels, value);
            if (exemplar != null) {
                exemplars.add(exemplar);
            }
        }

        @Override
        public void sample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar, long createdMs) {
            sample(labels, value, timestampMs, exemplar);
            created.put(labels, createdMs);
        }

        @Override
        public void histogram(Labels labels, Histogram histogram, FloatHistogram floatHistogram, long timestampMs, long createdMs,
                              List<ParsedExemplar> ex) {
            if (histogram != null) {
                histograms.put(labels, histogram.copy());
            } else {
                floatHistograms.put(labels, floatHistogram.copy());
            }
            created.put(labels, createdMs);
        }
    };

    private byte[] exposition() throws Exception {
        ExpositionFormatWriter writer = ExpositionFormats.init().getPrometheusProtobufWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }

    private void parse(boolean nativeHistograms, boolean classic) throws Exception {
        byte[] body = exposition();
        new ProtobufExpositionParser(new ProtobufExpositionParser.Options(nativeHistograms, classic), sink).parse(body, 0, body.length);
    }

    private void registerEverything() {
        Counter requests = Counter.builder().name("requests_total").labelNames("path").register(registry);
        requests.labelValues("/a").inc(3);
        Gauge.builder().name("temperature").register(registry).set(21.5);
        io.prometheus.metrics.core.metrics.Histogram latency = io.prometheus.metrics.core.metrics.Histogram.builder()
                .name("latency_seconds").classicUpperBounds(0.1, 1).register(registry);
        latency.observe(0.05);
        latency.observe(0.5);
        latency.observe(5);
        Summary size = Summary.builder().name("size_bytes").quantile(0.5, 0.01).register(registry);
        size.observe(10);
    }

    @Test
    void countersGaugesAndSummariesAreTheSeriesTheTextFormatGives() throws Exception {
        registerEverything();
        parse(true, false);

        assertThat(samples).containsEntry(Labels.of("__name__", "requests_total", "path", "/a"), 3.0)
                .containsEntry(Labels.of("__name__", "temperature"), 21.5)
                .containsEntry(Labels.of("__name__", "size_bytes", "quantile", "0.5"), 10.0)
                .containsEntry(Labels.of("__name__", "size_bytes_sum"), 10.0)
                .containsEntry(Labels.of("__name__", "size_bytes_count"), 1.0);
        assertThat(types).containsEntry("requests_total", "counter").containsEntry("temperature", "gauge")
                .containsEntry("latency_seconds", "histogram").containsEntry("size_bytes", "summary");
        assertThat(created.get(Labels.of("__name__", "requests_total", "path", "/a"))).isGreaterThan(1_600_000_000_000L);
    }

    @Test
    void aHistogramWithNativeBucketsIsANativeHistogramWhenAskedFor() throws Exception {
        registerEverything();
        parse(true, false);

        Histogram h = histograms.get(Labels.of("__name__", "latency_seconds"));
        assertThat(h).isNotNull();
        assertThat(h.count()).isEqualTo(3);
        assertThat(h.sum()).isEqualTo(5.55);
        long total = h.zeroCount();
        long running = 0;
        for (long delta : h.positiveBuckets()) {
            running += delta;
            total += running;
        }
        assertThat(total).isEqualTo(3);
        assertThat(samples.keySet()).noneMatch(l -> l.metricName().startsWith("latency_seconds"));
    }

    @Test
    void classicBucketsComeTooWithAlwaysScrapeClassicHistograms() throws Exception {
        registerEverything();
        parse(true, true);

        assertThat(histograms).containsKey(Labels.of("__name__", "latency_seconds"));
        assertThat(samples).containsEntry(Labels.of("__name__", "latency_seconds_bucket", "le", "0.1"), 1.0)
                .containsEntry(Labels.of("__name__", "latency_seconds_bucket", "le", "1.0"), 2.0)
                .containsEntry(Labels.of("__name__", "latency_seconds_bucket", "le", "+Inf"), 3.0)
                .containsEntry(Labels.of("__name__", "latency_seconds_count"), 3.0)
                .containsEntry(Labels.of("__name__", "latency_seconds_sum"), 5.55);
    }

    @Test
    void withoutNativeHistogramsOnlyTheClassicSeriesAreGiven() throws Exception {
        registerEverything();
        parse(false, false);

        assertThat(histograms).isEmpty();
        assertThat(samples).containsEntry(Labels.of("__name__", "latency_seconds_bucket", "le", "1.0"), 2.0);
    }

    @Test
    void bucketAndQuantileBoundsAreWrittenAsOpenMetricsFloats() {
        assertThat(OpenMetricsFloats.format(1)).isEqualTo("1.0");
        assertThat(OpenMetricsFloats.format(0.25)).isEqualTo("0.25");
        assertThat(OpenMetricsFloats.format(100000)).isEqualTo("100000.0");
        assertThat(OpenMetricsFloats.format(1e6)).isEqualTo("1e+06");
        assertThat(OpenMetricsFloats.format(2.5e-5)).isEqualTo("2.5e-05");
        assertThat(OpenMetricsFloats.format(0.0001)).isEqualTo("0.0001");
        assertThat(OpenMetricsFloats.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(OpenMetricsFloats.format(-3)).isEqualTo("-3.0");
    }

    @Test
    void corruptedBodiesParseOrFailOnlyWithAParseError() throws Exception {
        registerEverything();
        byte[] body = exposition();
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 5000; round++) {
            byte[] corrupt = body.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            try {
                new ProtobufExpositionParser(new ProtobufExpositionParser.Options(true, true), sink).parse(corrupt, 0, corrupt.length);
            } catch (ExpositionParseException expected) {
                assertThat(expected.getMessage()).startsWith("metric family ");
            }
        }
    }

    @Test
    void malformedBodiesFailNamingTheFamily() throws Exception {
        registerEverything();
        byte[] body = exposition();
        for (int cut = 1; cut < body.length; cut += 7) {
            byte[] truncated = java.util.Arrays.copyOf(body, cut);
            try {
                new ProtobufExpositionParser(new ProtobufExpositionParser.Options(true, true), sink).parse(truncated, 0, truncated.length);
            } catch (ExpositionParseException expected) {
                assertThat(expected.getMessage()).contains("metric family");
            }
        }
        byte[] garbage = {5, 10, 3, 'a', 'b'};
        assertThatThrownBy(() -> new ProtobufExpositionParser(new ProtobufExpositionParser.Options(true, true), sink)
                .parse(garbage, 0, garbage.length)).isInstanceOf(ExpositionParseException.class).hasMessageContaining("metric family 1");
    }
}
