package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.panoptes.logs.LogsTestServer;
import dev.panoptes.logs.ingest.LogLimits;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tjahzi's Log4j 2 appender, configured from an XML file as an application would, pushing to the
 * server with its own protobuf and snappy writer (not loki4j's generated messages and
 * snappy-java), the tenant in a header, a pattern label, the level label and structured
 * metadata; the entries are then read back through the query API.
 */
class TjahziAppenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void log4jEventsPushedByTjahziAreQueryable() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir.resolve("store"), LogLimits.defaults())) {
            Path config = dir.resolve("log4j2-tjahzi.xml");
            Files.writeString(config, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Configuration status="WARN">
                      <Appenders>
                        <Loki name="loki" batchSize="1024" batchWait="200" logShipperWakeupIntervalMillis="50" readTimeoutMillis="30000">
                          <host>127.0.0.1</host>
                          <port>%d</port>
                          <PatternLayout><Pattern>%%msg</Pattern></PatternLayout>
                          <Header name="X-Scope-OrgID" value="tenant-a"/>
                          <Label name="app" value="tjahzi-test"/>
                          <Label name="logger" pattern="%%logger"/>
                          <Metadata name="thread" pattern="%%thread"/>
                          <LogLevelLabel>level</LogLevelLabel>
                        </Loki>
                      </Appenders>
                      <Loggers>
                        <Root level="info"><AppenderRef ref="loki"/></Root>
                      </Loggers>
                    </Configuration>
                    """.formatted(server.port()));
            LoggerContext context = Configurator.initialize("tjahzi-test", null, config.toUri());
            Logger logger = context.getLogger("payments");
            for (int i = 0; i < 40; i++) {
                logger.info("payment {} settled", i);
            }
            logger.error("payment 40 refused: ünïcödé");
            try {
                // The appender ships from its own thread once a batch fills or waits long enough
                // (small batches here, as a test needs); it runs until the entries are read back.
                assertQueryable(server);
            } finally {
                Configurator.shutdown(context);
            }
        }
    }

    private static void assertQueryable(LogsTestServer server) throws Exception {
        String base = "/loki/api/v1/query_range?limit=1000&direction=forward&start=" + (Instant.now().getEpochSecond() - 600)
                + "&end=" + (Instant.now().getEpochSecond() + 600) + "&query=";
        List<JsonNode> streams = awaitStreams(server, base + encode("{app=\"tjahzi-test\"}"), 41);
        assertThat(lines(streams)).hasSize(41);
        Map<String, List<String>> byLevelLabel = new TreeMap<>();
        for (JsonNode stream : streams) {
            JsonNode labels = stream.path("stream");
            assertThat(labels.path("logger").asText()).isEqualTo("payments");
            assertThat(labels.path("thread").asText()).as("structured metadata joins the result labels")
                    .isEqualTo(Thread.currentThread().getName());
            byLevelLabel.computeIfAbsent(labels.path("level").asText(), k -> new ArrayList<>()).addAll(lines(List.of(stream)));
        }
        assertThat(byLevelLabel.keySet()).containsExactly("ERROR", "INFO");
        assertThat(byLevelLabel.get("INFO")).as("one stream's entries in the order logged")
                .isEqualTo(IntStream.range(0, 40).mapToObj(i -> "payment " + i + " settled").toList());
        assertThat(byLevelLabel.get("ERROR")).containsExactly("payment 40 refused: ünïcödé");

        assertThat(lines(awaitStreams(server, base + encode("{app=\"tjahzi-test\", level=\"ERROR\"} |= \"refused\""), 1)))
                .containsExactly("payment 40 refused: ünïcödé");
        // The metadata is a field of each entry, so a label filter on it selects entries.
        String thread = Thread.currentThread().getName();
        assertThat(lines(awaitStreams(server, base + encode("{app=\"tjahzi-test\"} | thread=\"" + thread + "\""), 41))).hasSize(41);
        assertThat(lines(awaitStreams(server, base + encode("{app=\"tjahzi-test\"} | thread!=\"" + thread + "\""), 0))).isEmpty();

        JsonNode names = JSON.readTree(server.get(base.replace("query_range", "labels").replace("&query=", "")).contentUtf8());
        assertThat(names.path("data").toString()).isEqualTo("[\"app\",\"level\",\"logger\",\"service_name\"]");
        String volume = "sum by (detected_level) (count_over_time({app=\"tjahzi-test\"}[20m]))";
        JsonNode byLevel = JSON.readTree(server.get("/loki/api/v1/query?time=" + (Instant.now().getEpochSecond() + 60) + "&query="
                + encode(volume)).contentUtf8());
        List<String> counts = new ArrayList<>();
        for (JsonNode sample : byLevel.path("data").path("result")) {
            counts.add(sample.path("metric").path("detected_level").asText() + "=" + sample.path("value").get(1).asText());
        }
        assertThat(counts).containsExactlyInAnyOrder("info=40", "error=1");
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static List<String> lines(List<JsonNode> streams) {
        List<String> lines = new ArrayList<>();
        for (JsonNode stream : streams) {
            for (JsonNode value : stream.path("values")) {
                lines.add(value.get(1).asText());
            }
        }
        return lines;
    }

    /** Polls the query until its streams hold {@code expected} lines or a deadline passes. */
    private static List<JsonNode> awaitStreams(LogsTestServer server, String pathAndQuery, int expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(expected == 0 ? 0 : 30));
        while (true) {
            AggregatedHttpResponse response = server.get(pathAndQuery);
            assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
            List<JsonNode> streams = new ArrayList<>();
            JSON.readTree(response.contentUtf8()).path("data").path("result").forEach(streams::add);
            if (lines(streams).size() >= expected || Instant.now().isAfter(deadline)) {
                return streams;
            }
            Thread.sleep(50);
        }
    }
}
