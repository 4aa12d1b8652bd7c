package dev.panoptes.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import dev.panoptes.core.config.YamlConfigLoader;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.InMemoryStorage;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import io.prometheus.metrics.shaded.com_google_protobuf_4_36_2.Timestamp;
import java.io.ByteArrayOutputStream;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Created timestamps: {@code _created} series from OpenMetrics text, zero samples from the protobuf format when switched on. */
class ScrapeCreatedTimestampTest {

    private final InMemoryStorage storage = new InMemoryStorage();
    private AutoCloseable target;
    private int port;

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    private ScrapeLoop loop(String yaml, boolean createdZeros) throws Exception {
        ScrapeConfig config = new YamlConfigLoader().parse("job_name: app\n" + yaml, "job.yml", ScrapeConfig.class);
        ScrapeTarget t = ScrapeTarget.of(config, ScrapeConfig.Global.defaults(), "127.0.0.1:" + port, Map.of(), new Relabeler(List.of()));
        return new ScrapeLoop(t, config, storage, HttpClient.newHttpClient(), createdZeros);
    }

    private List<InMemoryStorage.Sample> samples(String name) {
        return storage.dump().getOrDefault(Labels.of("__name__", name, "job", "app", "instance", "127.0.0.1:" + port), List.of());
    }

    private long javaClientTarget() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("jobs_total").register(registry).inc(4);
        Histogram.builder().name("latency_seconds").nativeOnly().register(registry).observe(0.5);
        HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
        target = server;
        port = server.getPort();
        return System.currentTimeMillis();
    }

    @Test
    void openMetricsCreatedLinesAreStoredAsTheirOwnSeries() throws Exception {
        Server server = Server.builder().http(0).service("/metrics", (ctx, req) -> HttpResponse.of(HttpStatus.OK,
                MediaType.parse("application/openmetrics-text; version=1.0.0; charset=utf-8"),
                "# TYPE jobs counter\njobs_total 4\njobs_created 1700000000.5\n# EOF\n")).build();
        server.start().join();
        target = server::close;
        port = server.activeLocalPort();

        loop("", true).scrape(1_800_000_000_000L);

        assertThat(samples("jobs_total")).extracting(InMemoryStorage.Sample::value).containsExactly(4.0);
        assertThat(samples("jobs_created")).extracting(InMemoryStorage.Sample::value).containsExactly(1_700_000_000.5);
    }

    @Test
    void createdTimestampsFromTheProtobufFormatAddNothingByDefault() throws Exception {
        long now = javaClientTarget();
        loop("scrape_native_histograms: true\n", false).scrape(now + 60_000);

        assertThat(samples("jobs_total")).extracting(InMemoryStorage.Sample::value).containsExactly(4.0);
        assertThat(samples("latency_seconds")).hasSize(1);
    }

    @Test
    void withZeroIngestionEachSeriesGetsOneZeroAtItsCreatedTimestamp() throws Exception {
        long now = javaClientTarget();
        ScrapeLoop loop = loop("scrape_native_histograms: true\n", true);
        loop.scrape(now + 60_000);
        loop.scrape(now + 75_000);

        List<InMemoryStorage.Sample> counter = samples("jobs_total");
        assertThat(counter).extracting(InMemoryStorage.Sample::value).containsExactly(0.0, 4.0, 4.0);
        assertThat(counter.get(0).t()).isLessThanOrEqualTo(now).isGreaterThan(now - 60_000);
        // This client sends created timestamps for counters only.
        assertThat(samples("latency_seconds")).hasSize(2);
    }

    @Test
    void aNativeHistogramWithACreatedTimestampStartsFromAnEmptyHistogram() throws Exception {
        // Encoded with the generated classes of the Java client's exposition library.
        Metrics.Histogram histogram = Metrics.Histogram.newBuilder().setSampleCount(2).setSampleSum(3).setSchema(3).setZeroThreshold(1e-128)
                .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(5).setLength(2)).addPositiveDelta(1).addPositiveDelta(0)
                .setCreatedTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(250_000_000)).build();
        Metrics.MetricFamily family = Metrics.MetricFamily.newBuilder().setName("latency_seconds").setType(Metrics.MetricType.HISTOGRAM)
                .addMetric(Metrics.Metric.newBuilder().setHistogram(histogram)).build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        family.writeDelimitedTo(body);
        Server server = Server.builder().http(0).service("/metrics", (ctx, req) -> HttpResponse.of(HttpStatus.OK,
                MediaType.parse("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"),
                HttpData.wrap(body.toByteArray()))).build();
        server.start().join();
        target = server::close;
        port = server.activeLocalPort();

        loop("scrape_native_histograms: true\n", true).scrape(1_700_000_060_000L);

        List<InMemoryStorage.Sample> stored = samples("latency_seconds");
        assertThat(stored).extracting(InMemoryStorage.Sample::t).containsExactly(1_700_000_000_250L, 1_700_000_060_000L);
        assertThat(stored.get(0).histogram().count()).isZero();
        assertThat(stored.get(0).histogram().schema()).isEqualTo(3);
        assertThat(stored.get(1).histogram().count()).isEqualTo(2);
        // The created timestamp is also the scraped sample's start timestamp.
        assertThat(stored).extracting(InMemoryStorage.Sample::startTimestamp).containsExactly(0L, 1_700_000_000_250L);
    }

    @Test
    void createdTimestampsAreKeptAsTheSamplesStartTimestamps() throws Exception {
        long now = javaClientTarget();
        loop("scrape_native_histograms: true\n", false).scrape(now + 60_000);

        List<InMemoryStorage.Sample> counter = samples("jobs_total");
        assertThat(counter).hasSize(1);
        assertThat(counter.get(0).startTimestamp()).isLessThanOrEqualTo(now).isGreaterThan(now - 60_000);
    }
}
