package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.logs.store.LogBatch;
import dev.panoptes.logs.store.LogStoreSettings;
import dev.panoptes.logs.store.TenantLogStore;
import dev.panoptes.logs.store.TestObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the LogQL conformance scripts in {@code src/test/resources/dev/panoptes/logs/logqltest}
 * (their language is described in {@code SYNTAX.md} there): each script's {@code push} blocks go
 * into a real {@link TenantLogStore}, and each {@code eval} runs through {@link LogQueryEngine}
 * and must give exactly the expected streams and lines, or the expected error.
 */
class LogQLScriptTest {

    static final String DIR = "/dev/panoptes/logs/logqltest/";
    static final List<String> SCRIPTS = List.of("line_filters.test", "json.test", "logfmt.test", "regexp_pattern.test",
            "label_filters.test", "formats.test", "drop_keep.test", "errors.test");

    @TestFactory
    Stream<DynamicNode> scripts() {
        return SCRIPTS.stream().map(name -> DynamicContainer.dynamicContainer(name, Stream.of(DynamicTest.dynamicTest(name, () -> run(name)))));
    }

    private void run(String name) throws Exception {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream(DIR + name)) {
            assertThat(in).as("script " + name).isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Path dir = Files.createTempDirectory("logqltest");
        try (TenantLogStore store = TenantLogStore.open(dir, new LogStoreSettings(256, 0,
                new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), 1 << 20)), TestObjects.in(dir), "logs/t/blocks/")) {
            new ScriptRun(name, lines, store).run();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One script's commands, read and run top to bottom. */
    private static final class ScriptRun {
        final String name;
        final List<String> lines;
        final TenantLogStore store;
        int at;
        int evals;

        ScriptRun(String name, List<String> lines, TenantLogStore store) {
            this.name = name;
            this.lines = lines;
            this.store = store;
        }

        void run() throws Exception {
            while (at < lines.size()) {
                String line = lines.get(at);
                if (line.isBlank() || line.startsWith("#")) {
                    at++;
                    continue;
                }
                int lineNo = ++at;
                List<String> body = block();
                if (line.startsWith("push ")) {
                    push(line.substring(5).strip(), body, lineNo);
                } else if (line.startsWith("eval logs ")) {
                    evalLogs(line.substring(10).strip(), body, lineNo);
                } else {
                    fail(where(lineNo) + "unknown command: " + line);
                }
            }
            assertThat(evals).as(name + " runs at least one eval").isPositive();
        }

        /** The indented lines after a command, without their two-space indent. */
        private List<String> block() {
            List<String> out = new ArrayList<>();
            while (at < lines.size() && lines.get(at).startsWith("  ")) {
                out.add(lines.get(at++).substring(2));
            }
            return out;
        }

        private void push(String selector, List<String> body, int lineNo) throws Exception {
            LogBatch batch = new LogBatch();
            batch.stream(labels(selector, lineNo));
            for (String entry : body) {
                int space = entry.indexOf(' ');
                long t = Long.parseLong(space < 0 ? entry : entry.substring(0, space));
                String rest = space < 0 ? "" : entry.substring(space + 1);
                Labels metadata = Labels.empty();
                if (rest.startsWith("+{")) {
                    int close = rest.indexOf("} ");
                    metadata = labels(rest.substring(1, close + 1), lineNo);
                    rest = rest.substring(close + 2);
                }
                batch.entry(t, rest, metadata);
            }
            store.append(batch);
        }

        private Labels labels(String selector, int lineNo) throws Exception {
            if (selector.equals("{}")) {
                return Labels.empty();
            }
            LogSelectorExpr expr = (LogSelectorExpr) LogQLParser.parse(selector);
            Labels.Builder b = Labels.builder();
            for (LabelMatcher m : expr.selector().matchers()) {
                assertThat(m.type()).as(where(lineNo) + "push labels use =").isEqualTo(dev.panoptes.core.labels.MatchType.EQUAL);
                b.set(m.name(), m.value());
            }
            return b.build();
        }

        private void evalLogs(String rest, List<String> expected, int lineNo) throws Exception {
            evals++;
            Direction direction = Direction.FORWARD;
            int limit = 1000;
            long start = 0;
            long end = Long.MAX_VALUE / 2;
            boolean expectError = false;
            while (true) {
                String word = rest.split(" ", 2)[0];
                if (word.equals("backward") || word.equals("forward")) {
                    direction = word.equals("backward") ? Direction.BACKWARD : Direction.FORWARD;
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
            String query = rest;
            String context = where(lineNo) + query;
            List<String> got = new ArrayList<>();
            try {
                LogSelectorExpr expr = (LogSelectorExpr) LogQLParser.parse(query);
                StreamsResult result = new LogQueryEngine().select(expr, start, end, direction, limit, store);
                for (StreamsResult.Stream s : result.streams()) {
                    for (int i = 0; i < s.lines().length; i++) {
                        got.add(s.labels() + " " + s.timestamps()[i] + " " + s.lines()[i]);
                    }
                }
            } catch (LogQLParseException e) {
                if (!expectError) {
                    fail(context + ": unexpected error " + e.getMessage());
                }
                assertThat(expected).as(context + ": an error eval names one message").hasSize(1);
                assertThat(e.getMessage()).as(context).contains(expected.get(0));
                return;
            }
            if (expectError) {
                fail(context + ": expected error " + expected + " but got " + got);
            }
            assertThat(got).as(context).containsExactlyElementsOf(expected);
        }

        private String where(int lineNo) {
            return name + ":" + lineNo + ": ";
        }
    }
}
