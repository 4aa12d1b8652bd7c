package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.panoptes.logs.LogsTestServer;
import dev.panoptes.logs.ingest.LogLimits;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loki4j Logback appender, as an application would configure it, pushing protobuf (snappy)
 * to the server; the entries are then read back through the query API.
 */
class Loki4jAppenderTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void logbackEventsPushedAsProtobufAreQueryable() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            LoggerContext context = new LoggerContext();
            Loki4jAppender appender = new Loki4jAppender();
            appender.setContext(context);
            PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
            http.setUrl("http://127.0.0.1:" + server.port() + "/loki/api/v1/push");
            http.setUseProtobufApi(true);
            http.setTenantId("tenant-a");
            // The first push meets a cold server; on a loaded test machine it can take longer than
            // the appender's 5 s default, after which the batch would be retried or dropped.
            http.setRequestTimeoutMs(30_000);
            appender.setHttp(http);
            PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
            batch.setTimeoutMs(200);
            appender.setBatch(batch);
            appender.setLabels("app=loki4j-test\nlevel=%level");
            appender.setStructuredMetadata("thread=%thread");
            PatternLayout layout = new PatternLayout();
            layout.setContext(context);
            layout.setPattern("%msg");
            layout.start();
            appender.setMessage(layout);
            appender.start();
            Logger logger = context.getLogger("orders");
            logger.setAdditive(false);
            logger.addAppender(appender);

            for (int i = 0; i < 50; i++) {
                logger.info("order {} placed", i);
            }
            logger.warn("order 50 is late ünïcödé");
            appender.stop();
            context.stop();

            String base = "/loki/api/v1/query_range?limit=1000&direction=forward&start=" + (Instant.now().getEpochSecond() - 600)
                    + "&end=" + (Instant.now().getEpochSecond() + 600) + "&query=";
            List<String> lines = awaitLines(server, base + URLEncoder.encode("{app=\"loki4j-test\"}", StandardCharsets.UTF_8), 51);
            assertThat(lines).hasSize(51).contains("order 0 placed", "order 49 placed", "order 50 is late ünïcödé");
            List<String> warnings = awaitLines(server, base + URLEncoder.encode("{app=\"loki4j-test\", level=\"WARN\"} |= \"late\"",
                    StandardCharsets.UTF_8), 1);
            assertThat(warnings).containsExactly("order 50 is late ünïcödé");
            JsonNode labels = JSON.readTree(server.get(base.replace("query_range", "labels").replace("&query=", "")).contentUtf8());
            // service_name from app, as Loki's discover_service_name gives a stream without one.
            assertThat(labels.path("data").toString()).isEqualTo("[\"app\",\"level\",\"service_name\"]");
            // Grafana's log volume groups by the detected_level each entry got from its level label.
            String volume = "sum by (detected_level) (count_over_time({app=\"loki4j-test\"}[20m]))";
            JsonNode byLevel = JSON.readTree(server.get("/loki/api/v1/query?time=" + (Instant.now().getEpochSecond() + 60) + "&query="
                    + URLEncoder.encode(volume, StandardCharsets.UTF_8)).contentUtf8());
            List<String> counts = new ArrayList<>();
            for (JsonNode sample : byLevel.path("data").path("result")) {
                counts.add(sample.path("metric").path("detected_level").asText() + "=" + sample.path("value").get(1).asText());
            }
            assertThat(counts).containsExactlyInAnyOrder("info=50", "warn=1");
        }
    }

    /** Polls the query until it returns {@code expected} lines or a deadline passes. */
    private static List<String> awaitLines(LogsTestServer server, String pathAndQuery, int expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<String> lines = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            AggregatedHttpResponse response = server.get(pathAndQuery);
            assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
            lines.clear();
            for (JsonNode stream : JSON.readTree(response.contentUtf8()).path("data").path("result")) {
                assertThat(stream.path("stream").path("thread").isMissingNode()).as("structured metadata joins the result labels").isFalse();
                for (JsonNode value : stream.path("values")) {
                    lines.add(value.get(1).asText());
                }
            }
            if (lines.size() >= expected) {
                return lines;
            }
            Thread.onSpinWait();
        }
        return lines;
    }
}
