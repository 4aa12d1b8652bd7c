package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.logs.store.LogBatch;
import dev.panoptes.logs.store.LogStoreSettings;
import dev.panoptes.logs.store.TenantLogStore;
import dev.panoptes.logs.store.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogQueryEngineTest {

    @TempDir
    Path dir;
    TenantLogStore store;
    final LogQueryEngine engine = new LogQueryEngine();

    @BeforeEach
    void fill() throws Exception {
        store = TenantLogStore.open(dir, new LogStoreSettings(256, 0, new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), 1 << 20)),
                TestObjects.in(dir), "logs/t/blocks/");
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("app", "api"));
        for (int t = 1; t <= 9; t += 2) {
            batch.entry(t, "api " + (t % 3 == 0 ? "error" : "ok") + " t=" + t, Labels.empty());
        }
        batch.stream(Labels.of("app", "web"));
        for (int t = 2; t <= 10; t += 2) {
            batch.entry(t, "web " + (t % 4 == 0 ? "error timeout" : "ok") + " t=" + t, t == 10 ? Labels.of("user", "u1") : Labels.empty());
        }
        store.append(batch);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    List<String> run(String query, long start, long end, Direction direction, int limit) throws Exception {
        StreamsResult result = engine.select((LogSelectorExpr) LogQLParser.parse(query), start, end, direction, limit, store);
        List<String> out = new ArrayList<>();
        for (StreamsResult.Stream s : result.streams()) {
            for (int i = 0; i < s.lines().length; i++) {
                out.add(s.labels() + " " + s.timestamps()[i] + " " + s.lines()[i]);
            }
        }
        return out;
    }

    @Test
    void limitCountsAcrossStreamsTakingTheNewestWhenBackward() throws Exception {
        assertThat(run("{app=~\"api|web\"}", 0, 100, Direction.BACKWARD, 3)).containsExactly(
                "{app=\"api\"} 9 api error t=9",
                "{app=\"web\"} 8 web error timeout t=8",
                "{app=\"web\", user=\"u1\"} 10 web ok t=10");
        assertThat(run("{app=~\"api|web\"}", 0, 100, Direction.FORWARD, 3)).containsExactly(
                "{app=\"api\"} 1 api ok t=1",
                "{app=\"api\"} 3 api error t=3",
                "{app=\"web\"} 2 web ok t=2");
    }

    @Test
    void startIsInclusiveAndEndExclusive() throws Exception {
        assertThat(run("{app=\"api\"}", 3, 9, Direction.FORWARD, 100)).extracting(s -> s.split(" ")[1]).containsExactly("3", "5", "7");
    }

    @Test
    void chainedFiltersAllApplyAndOrAlternativesAnyApply() throws Exception {
        assertThat(run("{app=~\".+\"} |= \"error\" != \"timeout\"", 0, 100, Direction.FORWARD, 100))
                .containsExactly("{app=\"api\"} 3 api error t=3", "{app=\"api\"} 9 api error t=9");
        assertThat(run("{app=~\".+\"} |~ \"t=[12]$\" or \"t=10\"", 0, 100, Direction.FORWARD, 100)).hasSize(3);
        assertThat(run("{app=\"web\"} !~ \"ok|error\"", 0, 100, Direction.FORWARD, 100)).isEmpty();
    }

    @Test
    void reportsWhatWasProcessed() throws Exception {
        StreamsResult result = engine.select((LogSelectorExpr) LogQLParser.parse("{app=\"api\"} |= \"error\""), 0, 100, Direction.FORWARD, 100, store);
        assertThat(result.statistics().linesProcessed()).isEqualTo(5);
        assertThat(result.statistics().postFilterLines()).isEqualTo(2);
        assertThat(result.statistics().entriesReturned()).isEqualTo(2);
        assertThat(result.statistics().bytesProcessed()).isEqualTo("api ok t=1api error t=3api ok t=5api ok t=7api error t=9".length());
    }

    @Test
    void passesTheStoreTheLineFiltersThatSeeTheStoredLine() throws Exception {
        PushedDownFilters split = PushedDownFilters.of(((LogSelectorExpr) LogQLParser.parse(
                "{app=\"api\"} |= \"a\" or \"b\" |= ip(\"10.0.0.1\") | json |~ \"c+\" | level=\"x\" != \"e\" "
                        + "| line_format \"{{.x}}\" |= \"d\"")).pipeline());
        assertThat(split.conditions()).extracting(c -> c.op() + " " + c.values())
                .containsExactly("CONTAINS [a, b]", "MATCHES [c+]", "NOT_CONTAINS [e]");
        assertThat(split.rest()).extracting(Object::toString)
                .containsExactly("|= ip(\"10.0.0.1\")", "| json", "| level=\"x\"", "| line_format \"{{.x}}\"", "|= \"d\"");
    }

    @Test
    void lineFiltersAfterParsersSkipChunksAndStillSelectTheSameLines() throws Exception {
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("app", "json"));
        for (int t = 1; t <= 400; t++) {
            String level = t % 5 == 0 ? "error" : "info";
            batch.entry(1000 + t, "{\"level\":\"" + level + "\",\"msg\":\"request " + (t == 355 ? "needle-7q" : "r" + t) + " done\"}",
                    Labels.empty());
        }
        store.append(batch);
        String after = "{app=\"json\"} | json | level=\"error\" |= \"needle-7q\"";
        String ahead = "{app=\"json\"} |= \"needle-7q\" | json | level=\"error\"";
        StreamsResult late = engine.select((LogSelectorExpr) LogQLParser.parse(after), 0, 10_000, Direction.FORWARD, 100, store);
        StreamsResult early = engine.select((LogSelectorExpr) LogQLParser.parse(ahead), 0, 10_000, Direction.FORWARD, 100, store);
        assertThat(late.streams()).hasSize(1);
        assertThat(late.streams().get(0).lines()).containsExactly("{\"level\":\"error\",\"msg\":\"request needle-7q done\"}");
        assertThat(late.streams().get(0).labels()).isEqualTo(Labels.of("app", "json", "level", "error", "msg", "request needle-7q done"));
        // Only the chunks whose blooms allow the needle were read (256-byte chunks: a few lines each).
        assertThat(late.statistics().linesProcessed()).isEqualTo(early.statistics().linesProcessed()).isLessThan(20);
        // After a stage that rewrites the line, the filter speaks of the new line.
        assertThat(run("{app=\"json\"} | json | line_format \"{{.level}}\" |= \"needle-7q\"", 0, 10_000, Direction.FORWARD, 100)).isEmpty();
        assertThat(run("{app=\"json\"} | json | line_format \"{{.msg}}\" |= \"needle-7q\"", 0, 10_000, Direction.FORWARD, 100))
                .containsExactly("{app=\"json\", level=\"error\", msg=\"request needle-7q done\"} 1355 request needle-7q done");
    }

    @Test
    void aMetadataLabelFilterAheadOfTheParsersSkipsChunksAndSelectsTheSameEntries() throws Exception {
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("service_name", "cart"));
        for (int t = 1; t <= 400; t++) {
            batch.entry(1000 + t, "checkout step " + t + " done", Labels.of("trace_id", String.format("%032x", 0x4bf92f35L * t)));
        }
        store.append(batch);
        store.flush();
        String wanted = String.format("%032x", 0x4bf92f35L * 355);
        StreamsResult pushed = engine.select((LogSelectorExpr) LogQLParser.parse("{service_name=\"cart\"} | trace_id=\"" + wanted + "\""),
                0, 10_000, Direction.FORWARD, 100, store);
        // After label_format a label may have any value: nothing is handed to the store.
        StreamsResult late = engine.select((LogSelectorExpr) LogQLParser.parse(
                "{service_name=\"cart\"} | label_format x=\"y\" | trace_id=\"" + wanted + "\""), 0, 10_000, Direction.FORWARD, 100, store);
        assertThat(pushed.streams()).hasSize(1);
        assertThat(pushed.streams().get(0).lines()).containsExactly("checkout step 355 done");
        assertThat(late.streams().get(0).lines()).containsExactly("checkout step 355 done");
        assertThat(pushed.statistics().linesProcessed()).isLessThan(20);
        assertThat(late.statistics().linesProcessed()).isEqualTo(400);
    }

    @Test
    void evaluatesParsersAndLabelFiltersThroughTheStore() throws Exception {
        assertThat(run("{app=\"api\"} | pattern \"api <result> t=<t>\" | result=\"error\" | t > 4", 0, 100, Direction.FORWARD, 100))
                .containsExactly("{app=\"api\", result=\"error\", t=\"9\"} 9 api error t=9");
    }

    @Test
    void parsersThatSearchTheStoredBytesSelectWhatTheyDoOnTheLinesStrings() throws Exception {
        Random random = new Random(11);
        String[] users = {"alice", "bob", "zoë", "徐", "o'brien", ""};
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("app", "auth"));
        for (int t = 1; t <= 600; t++) {
            String user = users[random.nextInt(users.length)];
            batch.entry(1000 + t, (random.nextBoolean() ? "WARN" : "INFO") + " login user=" + user + " took=" + random.nextInt(900) + "ms ☃",
                    Labels.empty());
        }
        store.append(batch);
        store.flush();
        // line_format "{{ __line__ }}" gives the same line as a new String, so the parsers after
        // it read the String: the same answers by the other path.
        for (String pipeline : List.of(
                "| pattern \"<level> login user=<user> took=<took>ms <_>\" | user=\"zoë\" or took > 850",
                "| pattern \"<level> <_> user=<user> <_>\" | user=~\"[^a-z].*\" | level=\"WARN\"",
                "| regexp \"user=(?P<user>\\\\S*) took=(?P<ms>\\\\d+)\" | ms < 20",
                "| regexp \"user=(?P<user>\\\\p{Han}+)\" | user != \"\"")) {
            List<String> bytes = run("{app=\"auth\"} " + pipeline, 0, 10_000, Direction.BACKWARD, 1000);
            List<String> strings = run("{app=\"auth\"} | line_format \"{{ __line__ }}\" " + pipeline, 0, 10_000, Direction.BACKWARD, 1000);
            assertThat(bytes).as(pipeline).isNotEmpty().isEqualTo(strings);
        }
    }
}
