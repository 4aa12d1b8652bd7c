package dev.panoptes.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.core.labels.QuotedString;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.time.Durations;
import dev.panoptes.logs.ingest.LogLimits;
import dev.panoptes.logs.logql.LogQLParser;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.store.LogBatch;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the LogQL metric-query scripts in {@code resources/dev/panoptes/logs/logqltest-metrics/}
 * (the format is in that folder's {@code SYNTAX.md}): entries are written to a tenant's store, each
 * {@code eval} is asked over the real HTTP API and its answer compared with the script's. One test
 * per script file; a failure lists every eval that went wrong, by line.
 */
class LogQLMetricScriptTest {

    /** Script times are offsets from this instant (in seconds), so that every query time is an ordinary nanosecond timestamp. */
    static final long EPOCH_SECONDS = 1_700_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("range from (\\S+) to (\\S+) step (\\S+) (.+)");
    private static final Pattern INSTANT = Pattern.compile("instant at (\\S+) (.+)");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> scripts() throws Exception {
        Path folder = folder();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    private static Path folder() throws URISyntaxException {
        return Path.of(LogQLMetricScriptTest.class.getResource("logqltest-metrics").toURI());
    }

    private void run(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        List<String> failures = new ArrayList<>();
        Path data = Files.createTempDirectory(dir, "script");
        try (LogsTestServer server = new LogsTestServer(data, LogLimits.defaults())) {
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i).strip();
                int at = i + 1;
                i++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                List<String> body = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).isBlank() && Character.isWhitespace(lines.get(i).charAt(0))) {
                    if (!lines.get(i).strip().startsWith("#")) {
                        body.add(lines.get(i).strip());
                    }
                    i++;
                }
                try {
                    if (line.equals("load")) {
                        load(server, body);
                    } else if (line.startsWith("eval ") || line.startsWith("eval_fail ")) {
                        String failure = eval(server, line, body);
                        if (failure != null) {
                            failures.add(file.getFileName() + ":" + at + ": " + line + "\n    " + failure);
                        }
                    } else {
                        throw new IllegalArgumentException("unknown command: " + line);
                    }
                } catch (IllegalArgumentException | QuotedString.MalformedException e) {
                    throw new AssertionError(file.getFileName() + ":" + at + ": " + e.getMessage(), e);
                }
            }
        }
        assertThat(failures).as(String.join("\n", failures)).isEmpty();
    }

    /** {@code {labels}} opens a stream; {@code <time> "<line>" [{metadata}]} adds an entry to it. */
    private static void load(LogsTestServer server, List<String> body) throws Exception {
        LogBatch batch = new LogBatch();
        boolean streamOpen = false;
        for (String line : body) {
            if (line.startsWith("{")) {
                batch.stream(labels(line));
                streamOpen = true;
                continue;
            }
            if (!streamOpen) {
                throw new IllegalArgumentException("an entry before any stream: " + line);
            }
            int space = line.indexOf(' ');
            long t = nanos(line.substring(0, space));
            int quote = space + 1;
            StringBuilder text = new StringBuilder();
            int after = QuotedString.read(line, quote, text);
            String rest = line.substring(after).strip();
            batch.entry(t, text.toString(), rest.isEmpty() ? Labels.empty() : labels(rest));
        }
        server.stores.forTenant(TenantId.of("tenant-a")).append(batch);
    }

    /** The failure of one eval, or null when the answer is the expected one. */
    private static String eval(LogsTestServer server, String command, List<String> body) throws Exception {
        boolean shouldFail = command.startsWith("eval_fail ");
        String spec = command.substring(command.indexOf(' ') + 1);
        String path;
        boolean instant;
        Matcher m;
        if ((m = RANGE.matcher(spec)).matches()) {
            instant = false;
            path = "/loki/api/v1/query_range?query=" + encode(m.group(4)) + "&start=" + nanos(m.group(1)) + "&end=" + nanos(m.group(2))
                    + "&step=" + encode(m.group(3));
        } else if ((m = INSTANT.matcher(spec)).matches()) {
            instant = true;
            path = "/loki/api/v1/query?query=" + encode(m.group(2)) + "&time=" + nanos(m.group(1));
        } else {
            throw new IllegalArgumentException("expected 'range from T to T step D QUERY' or 'instant at T QUERY': " + spec);
        }
        AggregatedHttpResponse response = server.get(path);
        String content = response.contentUtf8();
        if (shouldFail) {
            return expectFailure(response.status().code(), content.strip(), body);
        }
        if (response.status().code() != 200) {
            return "failed with " + response.status().code() + ": " + content.strip();
        }
        List<String> actual = instant ? instantResult(JSON.readTree(content)) : rangeResult(JSON.readTree(content));
        List<String> expected = new ArrayList<>();
        for (String line : body) {
            expected.add(normalise(line));
        }
        if (!matches(expected, actual)) {
            return "expected:\n      " + String.join("\n      ", expected) + "\n    got:\n      " + String.join("\n      ", actual);
        }
        return null;
    }

    private static String expectFailure(int status, String message, List<String> body) {
        if (status < 400 || status >= 500) {
            return "expected a 4xx error, got " + status + ": " + message;
        }
        for (String line : body) {
            if (line.startsWith("expected_fail_message ") && !message.equals(line.substring("expected_fail_message ".length()))) {
                return "expected message '" + line.substring("expected_fail_message ".length()) + "', got '" + message + "'";
            }
            if (line.startsWith("expected_fail_regexp ")
                    && !Pattern.compile(line.substring("expected_fail_regexp ".length()), Pattern.DOTALL).matcher(message).find()) {
                return "expected a message matching '" + line.substring("expected_fail_regexp ".length()) + "', got '" + message + "'";
            }
        }
        return null;
    }

    /** Each series as {@code {labels} t=v t=v}, times as script durations. */
    private static List<String> rangeResult(JsonNode root) {
        List<String> out = new ArrayList<>();
        for (JsonNode series : root.path("data").path("result")) {
            StringBuilder b = new StringBuilder(labelsOf(series.path("metric")).toString());
            for (JsonNode point : series.path("values")) {
                b.append(' ').append(time(point.get(0))).append('=').append(point.get(1).asText());
            }
            out.add(b.toString());
        }
        return out;
    }

    private static List<String> instantResult(JsonNode root) {
        JsonNode data = root.path("data");
        if (data.path("resultType").asText().equals("scalar")) {
            return List.of("scalar " + data.path("result").get(1).asText());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode sample : data.path("result")) {
            out.add(labelsOf(sample.path("metric")) + " " + sample.path("value").get(1).asText());
        }
        return out;
    }

    private static String time(JsonNode seconds) {
        long millis = seconds.decimalValue().movePointRight(3).longValueExact() - EPOCH_SECONDS * 1000;
        return Durations.format(java.time.Duration.ofMillis(millis));
    }

    private static Labels labelsOf(JsonNode metric) {
        Map<String, String> map = new TreeMap<>();
        metric.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return Labels.of(map);
    }

    /** An expected line with its labels printed as results are, so that spacing in the script does not matter. */
    private static String normalise(String line) throws Exception {
        if (!line.startsWith("{")) {
            return line;
        }
        int close = line.indexOf('}');
        return labels(line.substring(0, close + 1)) + line.substring(close + 1);
    }

    /** Same series in the same order, values equal within a relative 1e-9 (NaN equal to NaN). */
    private static boolean matches(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!samePoints(expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code {labels} t=v ...}, {@code {labels} v} or {@code scalar v}: the part before the points equal, then each point. */
    private static boolean samePoints(String expected, String actual) {
        int e = expected.startsWith("scalar ") ? "scalar".length() : expected.lastIndexOf('}') + 1;
        int a = actual.startsWith("scalar ") ? "scalar".length() : actual.lastIndexOf('}') + 1;
        if (!expected.substring(0, e).equals(actual.substring(0, a))) {
            return false;
        }
        String[] ep = expected.substring(e).strip().split("\\s+");
        String[] ap = actual.substring(a).strip().split("\\s+");
        if (ep.length != ap.length) {
            return false;
        }
        for (int i = 0; i < ep.length; i++) {
            String[] ev = ep[i].split("=");
            String[] av = ap[i].split("=");
            if (ev.length != av.length || (ev.length == 2 && !nanosEqual(ev[0], av[0]))) {
                return false;
            }
            if (!valuesEqual(ev[ev.length - 1], av[av.length - 1])) {
                return false;
            }
        }
        return true;
    }

    private static boolean nanosEqual(String a, String b) {
        return Durations.parse(a).equals(Durations.parse(b));
    }

    private static boolean valuesEqual(String expected, String actual) {
        double e = Double.parseDouble(expected.replace("Inf", "Infinity"));
        double a = Double.parseDouble(actual.replace("Inf", "Infinity"));
        if (Double.isNaN(e) || Double.isNaN(a)) {
            return Double.isNaN(e) && Double.isNaN(a);
        }
        return e == a || Math.abs(e - a) <= 1e-9 * Math.max(Math.abs(e), Math.abs(a));
    }

    /** {@code {a="b", c="d"}} as labels; {@code {}} is none. */
    private static Labels labels(String text) throws Exception {
        if (text.replace(" ", "").equals("{}")) {
            return Labels.empty();
        }
        LogSelectorExpr selector = (LogSelectorExpr) LogQLParser.parse(text);
        Labels.Builder b = Labels.builder();
        for (LabelMatcher m : selector.selector().matchers()) {
            if (m.type() != MatchType.EQUAL) {
                throw new IllegalArgumentException("labels are written with = only: " + text);
            }
            b.set(m.name(), m.value());
        }
        return b.build();
    }

    private static long nanos(String scriptTime) {
        return EPOCH_SECONDS * 1_000_000_000L + Durations.parse(scriptTime).toNanos();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
