package dev.panoptes.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.InMemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets come and go through file and HTTP service discovery, and are scraped while they are there. */
class ScrapeManagerTest {

    @TempDir
    Path dir;

    private Server server;
    private final AtomicReference<String> httpTargets = new AtomicReference<>("[]");

    @BeforeEach
    void start() {
        server = Server.builder().http(0)
                .service("/metrics", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "requests_total 1\n"))
                .service("/sd", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, httpTargets.get()))
                .build();
        server.start().join();
    }

    @AfterEach
    void stop() {
        server.stop().join();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void fileAndHttpDiscoveredTargetsStartAndStop() throws Exception {
        String address = "127.0.0.1:" + server.activeLocalPort();
        Path targets = dir.resolve("targets.json");
        Files.writeString(targets, "[{\"targets\": [\"" + address + "\"], \"labels\": {\"team\": \"files\"}}]");
        ScrapeConfig config = new ScrapeConfig("sd", Duration.ofMillis(500), null, null, null, null, null, null, null, null, null, null,
                null, List.of(new RelabelConfig(List.of("__meta_filepath"), null, ".*/(.*)", null, "source", "$1", null)), null, null, null,
                List.of(new ScrapeConfig.FileSdConfig(List.of(dir.resolve("*.json").toString()), Duration.ofMillis(200))),
                List.of(new ScrapeConfig.HttpSdConfig("http://" + address + "/sd", Duration.ofMillis(200))), null, null, null, null, null, null, null);
        InMemoryStorage storage = new InMemoryStorage();
        try (ScrapeManager manager = new ScrapeManager(List.of(config), ScrapeConfig.Global.defaults(), storage)) {
            Labels fromFile = Labels.of("__name__", "requests_total", "job", "sd", "instance", address, "team", "files", "source", "targets.json");
            await(() -> storage.dump().containsKey(fromFile), "the file-discovered target to be scraped");

            httpTargets.set("[{\"targets\": [\"" + address + "\"], \"labels\": {\"team\": \"http\"}}]");
            Labels fromHttp = Labels.of("__name__", "requests_total", "job", "sd", "instance", address, "team", "http");
            await(() -> storage.dump().containsKey(fromHttp), "the HTTP-discovered target to be scraped");
            assertThat(manager.targets()).hasSize(2);

            Files.writeString(targets, "[]");
            await(() -> manager.targets().size() == 1, "the file target to stop");
            List<InMemoryStorage.Sample> samples = storage.dump().get(fromFile);
            assertThat(Double.doubleToRawLongBits(samples.get(samples.size() - 1).value())).as("stale marker").isEqualTo(0x7ff0000000000002L);
            assertThat(manager.targets().get(0).getValue()).contains("team=\"http\"");
        }
    }
}
