package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.logs.LogsTestServer;
import dev.panoptes.logs.ingest.LogLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternEndpointTest {

    static final long T0 = IndexEndpointsTest.T0;

    @TempDir
    Path dir;

    static String value(long second, String line) {
        return "[\"" + (T0 + second) + "000000000\",\"" + line + "\"]";
    }

    @Test
    void detectsPatternsPerLevelWithCountsPerStep() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            String body = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[" + String.join(",", List.of(
                    value(0, "user 17 logged in from 10.0.0.1"), value(5, "user 42 logged in from 10.0.0.2"),
                    value(30, "cache miss for key alpha"), value(50, "shutting down"), value(70, "cache miss for key beta")))
                    + ",[\"" + (T0 + 80) + "000000000\",\"disk full on /dev/sda1\",{\"detected_level\":\"ERROR\"}]]},"
                    + "{\"stream\":{\"app\":\"api\",\"pod\":\"b\"},\"values\":[" + value(20, "user 7 logged in from 10.0.0.9") + "]},"
                    + "{\"stream\":{\"app\":\"web\"},\"values\":[" + value(20, "user 8 logged in from 10.0.0.8") + "]}]}";
            assertThat(server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8)).status().code()).isEqualTo(204);
            AggregatedHttpResponse response = server.get("/loki/api/v1/patterns?query=" + LokiHttpApiTest.q("{app=\"api\"}")
                    + "&start=" + T0 + "&end=" + (T0 + 120) + "&step=60s");
            assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
            assertThat(response.contentUtf8()).isEqualTo("{\"status\":\"success\",\"data\":["
                    + "{\"pattern\":\"user <_> logged in from <_>\",\"level\":\"unknown\",\"samples\":[[" + T0 + ",3]]},"
                    + "{\"pattern\":\"cache miss for key <_>\",\"level\":\"unknown\",\"samples\":[[" + T0 + ",1],[" + (T0 + 60) + ",1]]},"
                    + "{\"pattern\":\"disk full on /dev/sda1\",\"level\":\"error\",\"samples\":[[" + (T0 + 60) + ",1]]},"
                    + "{\"pattern\":\"shutting down\",\"level\":\"unknown\",\"samples\":[[" + T0 + ",1]]}]}");
            AggregatedHttpResponse filtered = server.get("/loki/api/v1/patterns?query=" + LokiHttpApiTest.q("{app=~\".+\"} |= \"user\"")
                    + "&start=" + T0 + "&end=" + (T0 + 120) + "&step=60");
            assertThat(filtered.contentUtf8()).isEqualTo("{\"status\":\"success\",\"data\":["
                    + "{\"pattern\":\"user <_> logged in from <_>\",\"level\":\"unknown\",\"samples\":[[" + T0 + ",4]]}]}");
        }
    }
}
