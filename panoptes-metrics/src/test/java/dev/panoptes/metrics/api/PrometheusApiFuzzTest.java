package dev.panoptes.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Random and malformed queries and parameters thrown at {@code /query} and {@code /query_range}:
 * every answer must be a JSON envelope with a client error, an execution error or success; never
 * a 500, never a hang (each request has a deadline, and the number of requests is fixed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusApiFuzzTest {

    private static final int ITERATIONS = 1500;
    private static final String[] TOKENS = {
        "up", "http_requests_total", "latency", "{", "}", "(", ")", "[", "]", "[5m]", "[1m:15s]", "[0s]", ",", "=", "!=", "=~", "!~",
        "\"a\"", "\".*\"", "\"(\"", "job", "instance", "__name__", "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", "and", "or",
        "unless", "on", "ignoring", "group_left", "group_right", "bool", "by", "without", "sum", "avg", "count", "topk", "quantile",
        "count_values", "rate", "irate", "increase", "delta", "histogram_quantile", "label_replace", "label_join", "abs", "time()",
        "vector(1)", "scalar", "sort", "absent", "offset", "@", "start()", "end()", "1", "0", "-1", "1e308", "NaN", "Inf", "0x1f",
        "1.5", "5m", "1h", "-5m", "9999999999999999999", "#", "\n", "'", "`", "\\", "\u00e9", "\uD83D\uDE00", ":", "..", ";",
    };
    private static final String[] TIMES = {"", "0", "1700000000", "1700000000.123", "-1", "abc", "1e300", "-1e300", "NaN", "Inf",
        "2023-11-14T22:13:20Z", "2023-11-14T22:13:20.5+02:00", "2023-13-45T99:99:99Z", "1_0", "0x10", " 1", "9223372036854775807"};
    private static final String[] STEPS = {"", "0", "1", "15s", "0.001", "-1", "1m", "1h30m", "1y", "abc", "1e-300", "1e300", "NaN",
        "Inf", "5", "0.5s", "0s", "10000000000000000000000"};

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ApiTestStorage storage = new ApiTestStorage();
    private Server server;
    private PrometheusApi api;

    @BeforeAll
    void start() throws Exception {
        Appender app = storage.appender();
        long t = 1_700_000_000_000L;
        for (int i = 0; i <= 40; i++) {
            for (String instance : List.of("a", "b", "c")) {
                app.append(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", instance), t + i * 15_000L, i * 10.0);
                app.append(0, Labels.of("__name__", "up", "job", "api", "instance", instance), t + i * 15_000L, 1);
            }
        }
        app.commit();
        // A short timeout and a small sample budget, so that heavy random queries end quickly.
        api = new PrometheusApi(tenant -> storage, new QuerySettings(null, Duration.ofSeconds(5), 200_000L, 4, 16, false),
                new ServerStatus(Instant.EPOCH, "", Map.of(), "15d"));
        ServerBuilder sb = Server.builder().http(0);
        api.register(sb);
        server = sb.build();
        server.start().join();
    }

    @AfterAll
    void stop() {
        server.stop().join();
        api.close();
    }

    @Test
    void randomQueriesAndParametersNeverFailTheServer() throws Exception {
        Random random = new Random(20261202L);
        for (int i = 0; i < ITERATIONS; i++) {
            String query = randomQuery(random);
            boolean range = random.nextBoolean();
            StringBuilder url = new StringBuilder(range ? "/api/v1/query_range?" : "/api/v1/query?");
            url.append("query=").append(URLEncoder.encode(query, StandardCharsets.UTF_8));
            if (range) {
                url.append("&start=").append(enc(pick(random, TIMES))).append("&end=").append(enc(pick(random, TIMES)))
                        .append("&step=").append(enc(pick(random, STEPS)));
            } else {
                url.append("&time=").append(enc(pick(random, TIMES)));
            }
            if (random.nextInt(5) == 0) {
                url.append("&timeout=").append(enc(pick(random, STEPS)));
            }
            if (random.nextInt(5) == 0) {
                url.append("&lookback_delta=").append(enc(pick(random, STEPS)));
            }
            if (random.nextInt(8) == 0) {
                url.append("&limit=").append(enc(pick(random, new String[] {"0", "1", "-1", "x", "99999999999"})));
            }
            // Half go as POST forms: Armeria itself refuses control characters in a URL with a plain 400.
            String path = url.substring(0, url.indexOf("?"));
            String params = url.substring(url.indexOf("?") + 1);
            boolean post = random.nextBoolean() || hasControlCharacter(query);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.activeLocalPort() + (post ? path : url)))
                    .header("X-Scope-OrgID", "fuzz").timeout(Duration.ofSeconds(30));
            if (post) {
                builder.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(params));
            }
            HttpRequest request = builder.build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String context = "request " + i + (post ? " (POST)" : "") + ": " + url + " -> " + response.statusCode() + " " + response.body();
            assertThat(response.statusCode()).as(context).isIn(200, 400, 422, 503);
            assertThat(response.body()).as(context).startsWith("{");
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("status").asText()).as(context).isIn("success", "error");
            if (response.statusCode() == 200) {
                assertThat(body.path("data").path("resultType").asText()).as(context).isIn("vector", "matrix", "scalar", "string");
            } else {
                assertThat(body.path("errorType").asText()).as(context).isIn("bad_data", "execution", "timeout");
                assertThat(body.path("error").asText()).as(context).isNotBlank();
            }
        }
    }

    private static String randomQuery(Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            // Raw noise, including invalid UTF-16 halves and control characters.
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) random.nextInt(0x3000);
            }
            return new String(chars);
        }
        if (kind == 1) {
            // Deep nesting.
            int depth = random.nextInt(400);
            return "(".repeat(depth) + "up" + ")".repeat(random.nextInt(depth + 1));
        }
        StringBuilder q = new StringBuilder();
        int n = 1 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
            q.append(pick(random, TOKENS));
            if (random.nextBoolean()) {
                q.append(' ');
            }
        }
        return q.toString();
    }

    private static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
