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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the LogQL conformance scripts in {@code resources/dev/panoptes/logs/logqltest/} (their
 * language is in that folder's {@code SYNTAX.md}): each script's entries are written to a fresh
 * tenant store with small chunks, and every {@code eval} is asked over the real Loki HTTP API, log
 * queries and metric queries alike, and its answer compared with the script's. One test per
 * script; a failure lists every eval that went wrong, by line. Prints one line per script and a
 * total line {@code N passed, M failed}, as the PromQL conformance runner does.
 */
class LogQLScriptTest {

    /** Script durations are offsets from this instant (in seconds), so that query times are ordinary timestamps. */
    static final long EPOCH_SECONDS = 1_700_000_000L;
    /** Small chunks, so that scripts read across many chunks and the boundaries between them. */
    private static final long CHUNK_BYTES = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("range from (\\S+) to (\\S+) step (\\S+) (.+)");
    private static final Pattern INSTANT = Pattern.compile("instant at (\\S+) (.+)");
    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> scripts() throws Exception {
        Path folder = Path.of(folderUri());
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    @AfterAll
    static void total() {
        System.out.println(PASSED.get() + " passed, " + FAILED.get() + " failed");
    }

    private static java.net.URI folderUri() throws URISyntaxException {
        return LogQLScriptTest.class.getResource("logqltest").toURI();
    }

    /** Script limits: Loki's defaults, except that a query may span any range (push scripts start at the epoch). */
    private static LogLimits limits() {
        return new LogLimits(null, null, null, null, null, null, null, null, null, null, null, null, Duration.ZERO, null, null, null,
                null, null, null, null, null);
    }

    private void run(Path file) throws Exception {
        String name = file.getFileName().toString();
        List<String> lines = Files.readAllLines(file);
        List<String> failures = new ArrayList<>();
        int evals = 0;
        Path data = Files.createTempDirectory(dir, "script");
        try (LogsTestServer server = new LogsTestServer(data, limits(), CHUNK_BYTES)) {
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i);
                int at = ++i;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (Character.isWhitespace(line.charAt(0))) {
                    throw new AssertionError(name + ":" + at + ": an indented line outside any command");
                }
                List<String> body = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).isBlank() && Character.isWhitespace(lines.get(i).charAt(0))) {
                    body.add(lines.get(i++));
                }
                try {
                    String failure;
                    if (line.startsWith("push ")) {
                        push(server, line.substring(5).strip(), body);
                        continue;
                    } else if (line.equals("load")) {
                        load(server, body);
                        continue;
                    } else if (line.startsWith("eval logs ")) {
                        failure = evalLogs(server, line.substring(10).strip(), unindented(body));
                    } else if (line.startsWith("eval ") || line.startsWith("eval_fail ")) {
                        failure = evalMetric(server, line, strippedBody(body));
                    } else {
                        throw new IllegalArgumentException("unknown command: " + line);
                    }
                    evals++;
                    if (failure != null) {
                        failures.add(name + ":" + at + ": " + line + "\n    " + failure);
                    }
                } catch (IllegalArgumentException | QuotedString.MalformedException e) {
                    throw new AssertionError(name + ":" + at + ": " + e.getMessage(), e);
                }
            }
        }
        PASSED.addAndGet(evals - failures.size());
        FAILED.addAndGet(failures.size());
        System.out.println(name + ": " + (evals - failures.size()) + " passed, " + failures.size() + " failed");
        assertThat(evals).as(name + " runs at least one eval").isPositive();
        assertThat(failures).as(String.join("\n", failures)).isEmpty();
    }

    /** A body without indentation or comment lines. */
    private static List<String> strippedBody(List<String> body) {
        List<String> out = new ArrayList<>();
        for (String line : body) {
            String s = line.strip();
            if (!s.startsWith("#")) {
                out.add(s);
            }
        }
        return out;
    }

    /** A body without its two-space indent, kept verbatim otherwise (expected log lines end as they end). */
    private static List<String> unindented(List<String> body) {
        List<String> out = new ArrayList<>();
        for (String line : body) {
            out.add(line.startsWith("  ") ? line.substring(2) : line.strip());
        }
        return out;
    }

    /** {@code push {labels}}: each body line is {@code <ns> [+{metadata}] <line>}, the line verbatim. */
    private static void push(LogsTestServer server, String selector, List<String> body) throws Exception {
        LogBatch batch = new LogBatch();
        batch.stream(labels(selector));
        for (String entry : unindented(body)) {
            int space = entry.indexOf(' ');
            long t = Long.parseLong(space < 0 ? entry : entry.substring(0, space));
            String rest = space < 0 ? "" : entry.substring(space + 1);
            Labels metadata = Labels.empty();
            if (rest.startsWith("+{")) {
                int close = rest.indexOf("} ");
                metadata = labels(rest.substring(1, close + 1));
                rest = rest.substring(close + 2);
            }
            batch.entry(t, rest, metadata);
        }
        server.stores.forTenant(TenantId.of("tenant-a")).append(batch);
    }

    /** {@code load}: a {@code {labels}} line opens a stream; {@code <time> "<line>" [{metadata}]} adds an entry to it. */
    private static void load(LogsTestServer server, List<String> body) throws Exception {
        LogBatch batch = new LogBatch();
        boolean streamOpen = false;
        for (String line : strippedBody(body)) {
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
            StringBuilder text = new StringBuilder();
            int after = QuotedString.read(line, space + 1, text);
            String rest = line.substring(after).strip();
            batch.entry(t, text.toString(), rest.isEmpty() ? Labels.empty() : labels(rest));
        }
        server.stores.forTenant(TenantId.of("tenant-a")).append(batch);
    }

    /**
     * {@code eval logs [forward|backward] [limit=N] [range=S,E] [error] QUERY}, times in
     * nanoseconds: {@code /query_range}'s streams as {@code <labels> <ns> <line>}, exactly the
     * expected lines in order; with {@code error}, a 400 whose message holds the one expected line.
     */
    private static String evalLogs(LogsTestServer server, String rest, List<String> expected) throws Exception {
        String direction = "forward";
        int limit = 1000;
        long start = 0;
        long end = Long.MAX_VALUE / 2;
        boolean expectError = false;
        while (true) {
            String word = rest.split(" ", 2)[0];
            if (word.equals("backward") || word.equals("forward")) {
                direction = word;
            } else if (word.startsWith("limit=")) {
                limit = Integer.parseInt(word.substring(6));
            } else if (word.startsWith("range=")) {
                String[] se = word.substring(6).split(",");
                start = Long.parseLong(se[0]);
                end = Long.parseLong(se[1]);
            } else if (word.equals("error")) {
                expectError = true;
            } else {
                break;
            }
            rest = rest.substring(word.length()).strip();
        }
        AggregatedHttpResponse response = server.get("/loki/api/v1/query_range?query=" + encode(rest) + "&start=" + nanosParam(start)
                + "&end=" + nanosParam(end) + "&limit=" + limit + "&direction=" + direction);
        String content = response.contentUtf8();
        if (expectError) {
            if (response.status().code() != 400) {
                return "expected a 400 error, got " + response.status().code() + ": " + content.strip();
            }
            if (expected.size() != 1) {
                return "an error eval names one message";
            }
            return content.contains(expected.get(0)) ? null : "expected a message holding '" + expected.get(0) + "', got '" + content.strip() + "'";
        }
        if (response.status().code() != 200) {
            return "failed with " + response.status().code() + ": " + content.strip();
        }
        List<String> got = new ArrayList<>();
        for (JsonNode stream : JSON.readTree(content).path("data").path("result")) {
            Labels labels = labelsOf(stream.path("stream"));
            for (JsonNode value : stream.path("values")) {
                got.add(labels + " " + value.get(0).asText() + " " + value.get(1).asText());
            }
        }
        List<String> normalised = new ArrayList<>();
        for (String line : expected) {
            normalised.add(normalise(line));
        }
        if (!got.equals(normalised)) {
            return "expected:\n      " + String.join("\n      ", normalised) + "\n    got:\n      " + String.join("\n      ", got);
        }
        return null;
    }

    /** A nanosecond time as the API reads it: short numbers are seconds there, so they go as decimal seconds. */
    private static String nanosParam(long nanos) {
        if (nanos >= 10_000_000_000L) {
            return Long.toString(nanos);
        }
        return (nanos / 1_000_000_000L) + "." + String.format(java.util.Locale.ROOT, "%09d", nanos % 1_000_000_000L);
    }

    /** The failure of one metric eval, or null when the answer is the expected one. */
    private static String evalMetric(LogsTestServer server, String command, List<String> body) throws Exception {
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
        return Durations.format(Duration.ofMillis(millis));
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
        int close = line.indexOf("} ");
        close = close < 0 ? line.length() - 1 : close;
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
            if (ev.length != av.length || (ev.length == 2 && !Durations.parse(ev[0]).equals(Durations.parse(av[0])))) {
                return false;
            }
            if (!valuesEqual(ev[ev.length - 1], av[av.length - 1])) {
                return false;
            }
        }
        return true;
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
