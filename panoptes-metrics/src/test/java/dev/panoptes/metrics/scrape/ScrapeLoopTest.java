package dev.panoptes.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.InMemoryStorage;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.MetricType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScrapeLoopTest {

    private final AtomicReference<String> exposition = new AtomicReference<>("");
    private final AtomicReference<HttpStatus> status = new AtomicReference<>(HttpStatus.OK);
    private Server server;
    private final InMemoryStorage storage = new InMemoryStorage();

    @BeforeEach
    void start() {
        server = Server.builder().http(0)
                .service("/metrics", (ctx, req) -> status.get() == HttpStatus.OK
                        ? HttpResponse.of(HttpStatus.OK, MediaType.parse("text/plain; version=0.0.4"), exposition.get())
                        : HttpResponse.of(status.get()))
                .build();
        server.start().join();
    }

    @AfterEach
    void stop() {
        server.stop().join();
    }

    private ScrapeLoop loop(ScrapeConfig config) {
        ScrapeTarget target = ScrapeTarget.of(config, ScrapeConfig.Global.defaults(), "127.0.0.1:" + server.activeLocalPort(),
                Map.of("zone", "a"), new Relabeler(config.relabelConfigs()));
        return new ScrapeLoop(target, config, storage, HttpClient.newHttpClient());
    }

    private static ScrapeConfig config(boolean honorLabels, Integer sampleLimit, List<RelabelConfig> metricRelabel) {
        return new ScrapeConfig("app", Duration.ofSeconds(15), null, null, null, null, honorLabels, null, sampleLimit, null, null, null,
                List.of(), List.of(), metricRelabel, null, null, null, null, null, null, null, null, null, null, null);
    }

    private List<InMemoryStorage.Sample> samples(String name, String... labels) {
        Labels.Builder builder = Labels.builder().set("__name__", name).set("job", "app").set("zone", "a")
                .set("instance", "127.0.0.1:" + server.activeLocalPort());
        for (int i = 0; i < labels.length; i += 2) {
            builder.set(labels[i], labels[i + 1]);
        }
        return storage.dump().getOrDefault(builder.build(), List.of());
    }

    @Test
    void samplesGetTargetLabelsSyntheticSeriesAndStalenessMarkers() {
        ScrapeLoop loop = loop(config(false, null, List.of()));
        exposition.set("""
                # HELP requests_total Requests served.
                # TYPE requests_total counter
                requests_total{code="200",job="exported"} 10
                temperature 21.5
                """);
        loop.scrape(1000);
        assertThat(samples("requests_total", "code", "200", "exported_job", "exported")).extracting(InMemoryStorage.Sample::value).containsExactly(10.0);
        assertThat(samples("up")).extracting(InMemoryStorage.Sample::value).containsExactly(1.0);
        assertThat(samples("scrape_samples_scraped")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0);
        assertThat(samples("scrape_series_added")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0);
        assertThat(storage.metadata("requests_total", 0, 0).get("requests_total"))
                .containsExactly(new MetricMetadata(MetricType.COUNTER, "Requests served.", ""));

        exposition.set("requests_total{code=\"200\",job=\"exported\"} 11\n");
        loop.scrape(16000);
        assertThat(samples("temperature")).extracting(s -> Double.doubleToRawLongBits(s.value()))
                .containsExactly(Double.doubleToRawLongBits(21.5), 0x7ff0000000000002L);
        assertThat(samples("scrape_series_added")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0, 0.0);

        status.set(HttpStatus.INTERNAL_SERVER_ERROR);
        loop.scrape(31000);
        assertThat(samples("up")).extracting(InMemoryStorage.Sample::value).containsExactly(1.0, 1.0, 0.0);
        assertThat(samples("requests_total", "code", "200", "exported_job", "exported")).extracting(s -> s.t()).containsExactly(1000L, 16000L, 31000L);
        assertThat(Double.doubleToRawLongBits(samples("requests_total", "code", "200", "exported_job", "exported").get(2).value()))
                .isEqualTo(0x7ff0000000000002L);
    }

    @Test
    void aBodyOverItsSizeLimitFailsTheScrape() {
        exposition.set("x".repeat(10) + " 1\n" + "y".repeat(5000) + " 2\n");
        ScrapeConfig config = new ScrapeConfig("app", Duration.ofSeconds(15), null, null, null, null, false, null, null, null, null, null,
                List.of(), List.of(), List.of(), null, null, null, null, new dev.panoptes.core.config.ByteSize(1024), null, null, null, null, null, null);
        loop(config).scrape(1000);
        assertThat(samples("up")).extracting(InMemoryStorage.Sample::value).containsExactly(0.0);
        assertThat(samples("xxxxxxxxxx")).isEmpty();
    }

    @Test
    void honorLabelsMetricRelabellingAndSampleLimit() {
        exposition.set("a{job=\"theirs\"} 1\nb 2\nc 3\n");
        ScrapeLoop honoring = loop(config(true, null, List.of(new RelabelConfig(List.of("__name__"), null, "b", null, null, null,
                RelabelConfig.Action.DROP))));
        honoring.scrape(1000);
        Labels a = Labels.of("__name__", "a", "job", "theirs", "zone", "a", "instance", "127.0.0.1:" + server.activeLocalPort());
        assertThat(storage.dump()).containsKey(a);
        assertThat(samples("b")).isEmpty();
        assertThat(samples("c")).hasSize(1);
        assertThat(samples("scrape_samples_post_metric_relabeling")).extracting(InMemoryStorage.Sample::value).containsExactly(2.0);

        InMemoryStorage limited = new InMemoryStorage();
        ScrapeConfig config = config(false, 2, List.of());
        ScrapeTarget target = ScrapeTarget.of(config, ScrapeConfig.Global.defaults(), "127.0.0.1:" + server.activeLocalPort(), Map.of(),
                new Relabeler(List.of()));
        new ScrapeLoop(target, config, limited, HttpClient.newHttpClient()).scrape(1000);
        Labels up = Labels.of("__name__", "up", "job", "app", "instance", "127.0.0.1:" + server.activeLocalPort());
        assertThat(limited.dump().get(up)).extracting(InMemoryStorage.Sample::value).containsExactly(0.0);
        assertThat(limited.dump()).doesNotContainKey(Labels.of("__name__", "c", "job", "app", "instance", "127.0.0.1:" + server.activeLocalPort()));
    }
}
