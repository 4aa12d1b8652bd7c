package dev.panoptes.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.config.YamlConfigLoader;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.InMemoryStorage;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scraping the Prometheus Java client's own HTTP server, which serves native histograms in the protobuf format. */
class ScrapeProtobufTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final InMemoryStorage storage = new InMemoryStorage();
    private HTTPServer server;

    @BeforeEach
    void start() throws Exception {
        Histogram latency = Histogram.builder().name("latency_seconds").help("Latency.").classicUpperBounds(0.1, 1).register(registry);
        latency.observe(0.05);
        latency.observe(0.5);
        latency.observe(5);
        Counter.builder().name("jobs_total").register(registry).inc(4);
        server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ScrapeLoop scrape(String yaml) throws Exception {
        ScrapeConfig config = new YamlConfigLoader().parse("job_name: app\n" + yaml, "job.yml", ScrapeConfig.class);
        ScrapeTarget target = ScrapeTarget.of(config, ScrapeConfig.Global.defaults(), "127.0.0.1:" + server.getPort(), Map.of(),
                new Relabeler(List.of()));
        ScrapeLoop loop = new ScrapeLoop(target, config, storage, HttpClient.newHttpClient());
        loop.scrape(1000);
        return loop;
    }

    private List<InMemoryStorage.Sample> samples(String name, String... labels) {
        Labels.Builder builder = Labels.builder().set("__name__", name).set("job", "app").set("instance", "127.0.0.1:" + server.getPort());
        for (int i = 0; i < labels.length; i += 2) {
            builder.set(labels[i], labels[i + 1]);
        }
        return storage.dump().getOrDefault(builder.build(), List.of());
    }

    @Test
    void nativeHistogramsAreScrapedThroughTheProtobufFormat() throws Exception {
        ScrapeLoop loop = scrape("scrape_native_histograms: true\n");

        assertThat(loop.lastError()).isEmpty();
        assertThat(loop.target().protocols().acceptHeader()).startsWith("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily");
        assertThat(samples("latency_seconds")).singleElement().satisfies(s -> {
            assertThat(s.isHistogram()).isTrue();
            FloatHistogram h = s.histogram();
            assertThat(h.count()).isEqualTo(3);
            assertThat(h.sum()).isEqualTo(5.55);
            double total = h.zeroCount();
            for (double c : h.positiveBuckets()) {
                total += c;
            }
            assertThat(total).isEqualTo(3);
        });
        assertThat(samples("latency_seconds_bucket", "le", "1.0")).isEmpty();
        assertThat(samples("jobs_total")).extracting(InMemoryStorage.Sample::value).containsExactly(4.0);
        assertThat(samples("scrape_samples_scraped")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0);
        assertThat(storage.metadata("latency_seconds", 0, 0).get("latency_seconds").get(0).help()).isEqualTo("Latency.");
    }

    @Test
    void alwaysScrapeClassicHistogramsKeepsTheClassicSeriesBesideTheNativeOne() throws Exception {
        scrape("scrape_native_histograms: true\nalways_scrape_classic_histograms: true\n");

        assertThat(samples("latency_seconds")).singleElement().satisfies(s -> assertThat(s.isHistogram()).isTrue());
        assertThat(samples("latency_seconds_bucket", "le", "0.1")).extracting(InMemoryStorage.Sample::value).containsExactly(1.0);
        assertThat(samples("latency_seconds_bucket", "le", "1.0")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0);
        assertThat(samples("latency_seconds_bucket", "le", "+Inf")).extracting(InMemoryStorage.Sample::value).containsExactly(3.0);
        assertThat(samples("latency_seconds_count")).extracting(InMemoryStorage.Sample::value).containsExactly(3.0);
    }

    @Test
    void prometheus2sNameForAlwaysScrapeClassicHistogramsIsAccepted() throws Exception {
        scrape("scrape_native_histograms: true\nscrape_classic_histograms: true\n");

        assertThat(samples("latency_seconds")).hasSize(1);
        assertThat(samples("latency_seconds_count")).extracting(InMemoryStorage.Sample::value).containsExactly(3.0);
    }

    @Test
    void withoutNativeHistogramsTheTextFormatIsNegotiatedAndHistogramsAreClassic() throws Exception {
        ScrapeLoop loop = scrape("");

        assertThat(loop.target().protocols().acceptHeader()).startsWith("application/openmetrics-text;version=1.0.0");
        assertThat(samples("latency_seconds")).isEmpty();
        assertThat(samples("latency_seconds_count")).extracting(InMemoryStorage.Sample::value).containsExactly(3.0);
    }

    @Test
    void scrapeProtocolsChoosesTheFormatEvenWithoutNativeHistograms() throws Exception {
        scrape("scrape_protocols: [PrometheusProto]\n");

        assertThat(samples("latency_seconds")).isEmpty();
        assertThat(samples("latency_seconds_bucket", "le", "1.0")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0);
    }
}
