package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A pipeline compiled with parser hints must agree with the same pipeline extracting every
 * label, on everything its caller reads: whether a line is kept, and the value (or absence) of
 * each label the caller reads and of the error labels. Checked for one and two parsers, with
 * filters, drop and keep, over lines of every shape, including names that clash with the stream
 * or the metadata.
 */
class ParserHintsTest {

    private static final Labels STREAM = Labels.of("app", "x", "status", "s");
    private static final Labels METADATA = Labels.of("trace", "m");

    private static final List<String> PIPELINES = List.of(
            "| json",
            "| logfmt",
            "| json | drop __error__, __error_details__",
            "| json | logfmt | drop __error__, __error_details__",
            "| json | logfmt | drop __error__, __error_details__ | level != \"\"",
            "| logfmt | json",
            "| json | logfmt | code > 2",
            "| json | keep level, code | code > 2",
            "| logfmt | drop level=\"debug\"",
            "| json | status_extracted = \"5\"",
            "| logfmt | trace_extracted != \"\"",
            "| json | logfmt | __error__ = \"\"",
            "| logfmt | json | logfmt | code >= 1");

    private static final List<Set<String>> READ = List.of(
            Set.of(), Set.of("level"), Set.of("level", "code"), Set.of("status_extracted"), Set.of("trace_extracted", "app"),
            Set.of("code", "user_name"), Set.of("app"), Set.of("nested_code"));

    private static final List<String> LINES = List.of(
            "{\"level\":\"error\",\"code\":5,\"user\":{\"name\":\"Zoë\"}}",
            "{\"level\":\"debug\",\"code\":1,\"status\":\"5\",\"trace\":\"t\"}",
            "{\"level\":\"info\",\"level\":\"warn\",\"code\":\"x\"}",
            "{\"lev\\u0065l\":\"error\",\"code\":4}",
            "{\"code\":3,",
            "level=error code=5 status=5 trace=t",
            "level=debug code=1 user_name=bob",
            "level=info level=warn code=9",
            "level=\"err or\" code=\"4\" msg=\"a \\\"quoted\\\" word\"",
            "code=7 {\"level\":\"error\"}",
            "{\"app\":\"y\",\"code\":5,\"x\":tru}",
            "{\"level\":\"warn\",\"nested\":{\"code\":2},\"code\":8,\"x\":[1,2}",
            "not structured at all",
            "");

    @Test
    void hintedPipelinesAgreeWithFullOnesOnWhatTheCallerReads() throws Exception {
        for (String query : PIPELINES) {
            List<PipelineStage> stages = stages(query);
            for (Set<String> read : READ) {
                LogPipeline hinted = LogPipeline.compile(stages, read);
                LogPipeline full = LogPipeline.compileWithoutProbe(stages);
                LogPipeline parsers = parsersOf(stages);
                for (String line : LINES) {
                    assertAgrees(query + " reading " + read + " on " + line, hinted, full, parsers, line, read);
                }
            }
        }
    }

    @Test
    void randomLinesAgree() throws Exception {
        Random random = new Random(17);
        String[] pieces = {"{", "}", "\"", ":", ",", "level", "code", "status", "trace", "=", " ", "error", "5", "\\", "é", "user",
            "name", "_", "debug", "[", "]"};
        List<LogPipeline> hinted = new ArrayList<>();
        List<LogPipeline> full = new ArrayList<>();
        List<LogPipeline> parsers = new ArrayList<>();
        List<Set<String>> reads = new ArrayList<>();
        for (String query : PIPELINES) {
            for (Set<String> read : READ) {
                hinted.add(LogPipeline.compile(stages(query), read));
                full.add(LogPipeline.compileWithoutProbe(stages(query)));
                parsers.add(parsersOf(stages(query)));
                reads.add(read);
            }
        }
        for (int i = 0; i < 3000; i++) {
            StringBuilder line = new StringBuilder();
            int n = random.nextInt(24);
            for (int k = 0; k < n; k++) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            for (int p = 0; p < hinted.size(); p++) {
                assertAgrees(PIPELINES.get(p / READ.size()) + " reading " + reads.get(p) + " on " + line, hinted.get(p), full.get(p),
                        parsers.get(p), line.toString(), reads.get(p));
            }
        }
    }

    @Test
    void hintedParsersStopOnceTheyHaveWhatIsNeededAsLokisDo() throws Exception {
        String faulty = "{\"level\":\"info\",\"code\":5,\"x\":tru}";
        LogPipeline byLevel = LogPipeline.compile(stages("| json"), Set.of("level"));
        assertThat(byLevel.process(1, faulty, STREAM, METADATA)).isTrue();
        assertThat(byLevel.labels().get("level")).isEqualTo("info");
        assertThat(byLevel.labels().has("__error__")).as("the fault comes after level").isFalse();
        LogPipeline byCode = LogPipeline.compile(stages("| json | code > 1"), Set.of("level", "x"));
        byCode.process(1, faulty, STREAM, METADATA);
        assertThat(byCode.labels().get("__error__")).as("x is never found, so the line is read to its fault").isEqualTo("JSONParserErr");
        LogPipeline byApp = LogPipeline.compile(stages("| json"), Set.of("app"));
        byApp.process(1, "{\"app\":\"y\",\"x\":tru}", STREAM, METADATA);
        assertThat(byApp.labels().get("__error__")).as("the stream has app, so the line's is app_extracted: app is never found")
                .isEqualTo("JSONParserErr");
        LogPipeline errorFilter = LogPipeline.compile(stages("| json | __error__ = \"\""), Set.of("level"));
        assertThat(errorFilter.process(1, faulty, STREAM, METADATA)).as("a filter on __error__ needs the whole line").isFalse();
        LogPipeline nothing = LogPipeline.compile(stages("| json | logfmt --strict"), Set.of());
        assertThat(nothing.process(1, "not json a=\"open", STREAM, METADATA)).isTrue();
        assertThat(nothing.labels().has("__error__")).as("no label needed: nothing parsed").isFalse();
        LogPipeline strict = LogPipeline.compile(stages("| logfmt --strict"), Set.of("level"));
        strict.process(1, "level=warn a=\"open", STREAM, METADATA);
        assertThat(strict.labels().get("level")).isEqualTo("warn");
        assertThat(strict.labels().has("__error__")).isFalse();
        LogPipeline mixed = LogPipeline.compile(stages("| json | logfmt"), Set.of("level"));
        mixed.process(1, "{\"level\":\"error\"} level=info", STREAM, METADATA);
        assertThat(mixed.labels().get("level")).as("the second parser has nothing left to do").isEqualTo("error");
        assertThat(mixed.labels().has("__error__")).isFalse();
    }

    @Test
    void jsonAndLogfmtParsersAreHintedOthersAreNot() throws Exception {
        assertThat(ParserHints.of(stages("| json | logfmt | drop __error__, __error_details__"), Set.of("level"))).isNotNull();
        assertThat(ParserHints.of(stages("| json | logfmt | json"), Set.of("level"))).isNotNull();
        assertThat(ParserHints.of(stages("| json | regexp \"(?P<a>x)\""), Set.of("level"))).isNull();
        assertThat(ParserHints.of(stages("| logfmt | unpack"), Set.of("level"))).isNull();
        assertThat(ParserHints.of(stages("| json | line_format \"{{.a}}\""), Set.of("level"))).isNull();
        assertThat(ParserHints.of(stages("|= \"a\""), Set.of("level"))).as("no parser").isNull();
    }

    /**
     * On a line the parsers read without fault, the hinted pipeline keeps it exactly when the full
     * one does, with the same values of the labels read. On a faulty line a hinted parser may have
     * stopped before the fault, all it needed found (as Loki's do): then it carries no parser
     * error; otherwise it carries the full pipeline's.
     */
    private static void assertAgrees(String what, LogPipeline hinted, LogPipeline full, LogPipeline parsers, String line, Set<String> read) {
        parsers.process(1, line, STREAM, METADATA);
        boolean clean = !parsers.labels().has("__error__");
        boolean kept = full.process(1, line, STREAM, METADATA);
        boolean hintedKept = hinted.process(1, line, STREAM, METADATA);
        if (clean) {
            assertThat(hintedKept).as(what).isEqualTo(kept);
            if (kept) {
                for (String name : read) {
                    assertThat(hinted.labels().get(name)).as(what + ": " + name).isEqualTo(full.labels().get(name));
                }
                for (String name : List.of("__error__", "__error_details__")) {
                    assertThat(hinted.labels().get(name)).as(what + ": " + name).isEqualTo(full.labels().get(name));
                }
            }
            return;
        }
        // A parser that stopped early reports no error of its own; a later filter may still report one.
        String error = hintedKept && hinted.labels().has("__error__") ? hinted.labels().get("__error__") : null;
        if (kept && error != null && !error.equals("LabelFilterErr")) {
            for (String name : List.of("__error__", "__error_details__")) {
                assertThat(hinted.labels().get(name)).as(what + ": " + name).isEqualTo(full.labels().get(name));
            }
        }
    }

    /** The parsers of {@code stages} alone, to tell whether a line reads without fault. */
    private static LogPipeline parsersOf(List<PipelineStage> stages) {
        return LogPipeline.compileWithoutProbe(stages.stream()
                .filter(s -> s instanceof PipelineStage.JsonParser || s instanceof PipelineStage.LogfmtParser).toList());
    }

    private static List<PipelineStage> stages(String pipeline) {
        try {
            return ((LogSelectorExpr) LogQLParser.parse("{app=\"x\"} " + pipeline)).pipeline();
        } catch (LogQLParseException e) {
            throw new AssertionError(pipeline, e);
        }
    }
}
