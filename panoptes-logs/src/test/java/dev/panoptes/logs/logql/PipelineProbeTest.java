package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A pipeline whose unhinted json or logfmt parser is followed by label filters first runs a probe
 * (the stages up to those filters, extracting only what they read) and fully parses only the
 * lines it keeps. Whatever the probe does, every line must come out exactly as it does without
 * one: kept or dropped alike, with the same line and labels, errors included.
 */
class PipelineProbeTest {

    private static final Labels STREAM = Labels.of("app", "x", "status", "stream-status");

    private static final List<String> PIPELINES = List.of(
            "| json | status >= 500",
            "| json | level = \"error\"",
            "| json | level = \"error\" or code > 2",
            "| json | __error__ = \"\" | code > 2",
            "| json | __error__ != \"\"",
            "| json | user_name = \"Zoë\" | line_format \"{{.user_name}}\"",
            "| json | code > 2 | drop code",
            "| json | latency > 250ms",
            "| json | size > 1KB",
            "| json | app = \"x\" | code > 2",
            "| app = \"x\" | json | code >= 3 |= \"e\"",
            "| logfmt | level = \"error\"",
            "| logfmt --strict | level = \"error\"",
            "| logfmt --keep-empty | level = \"\"",
            "| logfmt | code > 2 | label_format c=\"{{.code}}!\"",
            "| logfmt | status = \"stream-status\"",
            "| logfmt | status_extracted = \"503\"");

    private static final List<String> LINES = List.of(
            "{\"status\":503,\"level\":\"error\",\"code\":5,\"latency\":\"300ms\",\"size\":\"2KB\"}",
            "{\"status\":200,\"level\":\"info\",\"code\":1}",
            "{\"level\":\"error\",\"level\":\"info\",\"code\":\"x\"}",
            "{\"user\":{\"name\":\"Zoë\"},\"code\":3}",
            "{\"lev\\u0065l\":\"error\",\"code\":4}",
            "{\"code\":7,\"nested\":{\"code\":1}}",
            "{\"code\":3,",
            "not json at all",
            "[1,2,3]",
            "level=error code=5 status=503",
            "level=info code=1",
            "level= code=3",
            "level=\"err or\" code=\"4\" msg=\"a \\\"quoted\\\" word\"",
            "le\"vel=error code=9",
            "level=error =bad code=3",
            "code=3 latency=1s size=3KB",
            "",
            "é ü ☃ 😀");

    @Test
    void probedPipelinesAgreeWithUnprobedOnesLineByLine() throws Exception {
        for (String query : PIPELINES) {
            List<PipelineStage> stages = stages(query);
            assertThat(ParserHints.filteringPrefix(stages)).as(query).isNotNull();
            LogPipeline probed = LogPipeline.compile(stages);
            LogPipeline plain = LogPipeline.compileWithoutProbe(stages);
            LogPipeline probedBytes = LogPipeline.compile(stages);
            for (String line : LINES) {
                assertAgrees(query, line, probed, probedBytes, plain);
            }
        }
    }

    @Test
    void randomLinesAgree() throws Exception {
        Random random = new Random(5);
        String[] pieces = {"{", "}", "\"", ":", ",", "level", "code", "status", "=", " ", "error", "503", "5", "\\", "é", "[", "ms",
            "KB", "user", "name", "Zoë"};
        List<List<PipelineStage>> all = PIPELINES.stream().map(PipelineProbeTest::stages).toList();
        List<LogPipeline> probed = all.stream().map(LogPipeline::compile).toList();
        List<LogPipeline> probedBytes = all.stream().map(LogPipeline::compile).toList();
        List<LogPipeline> plain = all.stream().map(LogPipeline::compileWithoutProbe).toList();
        for (int i = 0; i < 5000; i++) {
            StringBuilder line = new StringBuilder();
            int n = random.nextInt(24);
            for (int k = 0; k < n; k++) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            for (int p = 0; p < all.size(); p++) {
                assertAgrees(PIPELINES.get(p), line.toString(), probed.get(p), probedBytes.get(p), plain.get(p));
            }
        }
    }

    @Test
    void onlyParsersFollowedByLabelFiltersGetAProbe() throws Exception {
        assertThat(ParserHints.filteringPrefix(stages("| json"))).as("nothing to drop lines by").isNull();
        assertThat(ParserHints.filteringPrefix(stages("| json | line_format \"{{.a}}\" | a = \"1\""))).isNull();
        assertThat(ParserHints.filteringPrefix(stages("| json a=\"b\" | a = \"1\""))).as("extractions are cheap already").isNull();
        assertThat(ParserHints.filteringPrefix(stages("| json | logfmt | a = \"1\""))).as("a second parser").isNull();
        assertThat(ParserHints.filteringPrefix(stages("| pattern \"<a> <_>\" | a = \"1\""))).isNull();
        assertThat(ParserHints.filteringPrefix(stages("|= \"x\" | logfmt | a = \"1\" |= \"y\" | b > 2 | line_format \"{{.a}}\"")))
                .as("up to the last label filter").hasSize(5);
    }

    @Test
    void theProbeStandsAsideWhenItKeepsMostLines() throws Exception {
        LogPipeline pipeline = LogPipeline.compile(stages("| logfmt | level = \"error\""));
        LogPipeline plain = LogPipeline.compileWithoutProbe(stages("| logfmt | level = \"error\""));
        for (int i = 0; i < 1024; i++) {
            String line = "level=" + (i % 10 == 0 ? "error" : "info") + " i=" + i;
            assertThat(pipeline.process(i, line, STREAM, Labels.empty())).isEqualTo(plain.process(i, line, STREAM, Labels.empty()));
        }
        assertThat(pipeline.probing()).as("one line in ten kept").isTrue();
        for (int i = 0; i < 4096; i++) {
            String line = "level=error i=" + i;
            assertThat(pipeline.process(i, line, STREAM, Labels.empty())).isTrue();
            assertThat(plain.process(i, line, STREAM, Labels.empty())).isTrue();
            assertThat(pipeline.labels()).isEqualTo(plain.labels());
        }
        assertThat(pipeline.probing()).as("every line kept").isFalse();
    }

    private static List<PipelineStage> stages(String pipeline) {
        try {
            return ((LogSelectorExpr) LogQLParser.parse("{app=\"x\"} " + pipeline)).pipeline();
        } catch (LogQLParseException e) {
            throw new AssertionError(pipeline, e);
        }
    }

    private static void assertAgrees(String query, String line, LogPipeline probed, LogPipeline probedBytes, LogPipeline plain) {
        String what = query + " on " + line;
        boolean expected = plain.process(1, line, STREAM, Labels.empty());
        assertThat(probed.process(1, line, STREAM, Labels.empty())).as(what).isEqualTo(expected);
        byte[] utf8 = ("ab" + line + "c").getBytes(StandardCharsets.UTF_8);
        String view = new String(utf8, StandardCharsets.ISO_8859_1);
        int length = line.getBytes(StandardCharsets.UTF_8).length;
        assertThat(probedBytes.process(1, view, utf8, 2, length, STREAM, Labels.empty())).as("stored: " + what).isEqualTo(expected);
        if (expected) {
            assertThat(probed.line()).as(what).isEqualTo(plain.line());
            assertThat(probed.labels()).as(what).isEqualTo(plain.labels());
            assertThat(probedBytes.line()).as("stored: " + what).isEqualTo(plain.line());
            assertThat(probedBytes.labels()).as("stored: " + what).isEqualTo(plain.labels());
        }
    }
}
