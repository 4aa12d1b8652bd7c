package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A line handed to a pipeline as its place in a chunk's payload (UTF-8 bytes viewed as Latin-1,
 * the way metric queries read stored lines) must come out exactly as the same line handed over
 * as a String: kept or dropped alike, with the same line, the same byte length and the same
 * labels, for every parser and filter, hinted or not, and for lines beyond ASCII.
 */
class StoredLinePipelineTest {

    private static final Labels STREAM = Labels.of("app", "x", "level", "stream-level");

    private static final List<String> PIPELINES = List.of(
            "| pattern \"<ts> <_> <lvl> <component>: <msg>\"",
            "| pattern \"[<_>] [<lvl>] <msg>\" | lvl = \"error\"",
            "| pattern \"<_> <user> <_>\" | user = \"Zoë\"",
            "| pattern \"<_> <user> <_>\" | user = \"Zo\u00c3\u00ab\"",
            "| pattern \"<_> <n> <_>\" | n > 5",
            "| pattern \"<level> <_>\"",
            "| regexp \"(?P<word>\\\\w+) (?P<rest>.*)\"",
            "| json | code >= 500",
            "| json | user_name = \"Zoë\"",
            "| json code, k=\"user.name\"",
            "| logfmt | code >= 500",
            "| pattern \"<_> <lvl> <_>\" | line_format \"{{.lvl}} {{__line__}}\"",
            "| pattern \"<a> <b>\" | label_format c=\"{{.a}}-{{.b}}\" | drop a",
            "|= \"é\" | pattern \"<a> <_>\"");

    private static final List<String> LINES = List.of(
            "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating",
            "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6",
            "[Sun Dec 04 04:47:44 2005] [errör] café",
            "2026 Zoë 7 login",
            "2026 Zoe 9 login",
            "a 12 b", "a 3 b", "a -7 b", "a 1.5e3 b", "a 12é b",
            "{\"code\":503,\"user\":{\"name\":\"Zoë\"},\"k\":\"\\u00e9\"}",
            "{\"code\":\"5ü3\",\"user\":{\"name\":\"Zoe\"}}",
            "code=503 level=error user=Zoë",
            "code=\"5 03\" msg=\"ünïcode ☃\" level=info",
            "é", "", " ", "😀 😀 😀", "x\u00a0y \u0085z", "info rest of line");

    @Test
    void aStoredLineComesOutAsTheSameLineAsAString() throws Exception {
        for (String pipeline : PIPELINES) {
            for (String line : LINES) {
                assertAgrees(pipeline, line, null);
                assertAgrees(pipeline, line, Set.of("lvl", "component", "code", "user", "n", "word", "user_name"));
            }
        }
    }

    @Test
    void randomLinesAgree() throws Exception {
        Random random = new Random(11);
        String[] pieces = {"a", " ", "é", "😀", "[", "]", ":", "=", "\"", "{", "}", "code", "503", "Zoë", "\\", "\u00a0", "\u0085", "INFO"};
        for (int i = 0; i < 3000; i++) {
            StringBuilder line = new StringBuilder();
            int n = random.nextInt(20);
            for (int k = 0; k < n; k++) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            for (String pipeline : PIPELINES) {
                assertAgrees(pipeline, line.toString(), null);
            }
        }
    }

    private static void assertAgrees(String pipeline, String line, Set<String> resultLabels) throws Exception {
        List<PipelineStage> stages = ((LogSelectorExpr) LogQLParser.parse("{app=\"x\"} " + pipeline)).pipeline();
        LogPipeline asString = LogPipeline.compile(stages, resultLabels);
        LogPipeline stored = LogPipeline.compile(stages, resultLabels);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        // Other lines around it in the payload, as in a chunk.
        byte[] before = "café 1 2\n".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[before.length + bytes.length + before.length];
        System.arraycopy(before, 0, payload, 0, before.length);
        System.arraycopy(bytes, 0, payload, before.length, bytes.length);
        System.arraycopy(before, 0, payload, before.length + bytes.length, before.length);
        String view = new String(payload, StandardCharsets.ISO_8859_1);

        boolean keptAsString = asString.process(1, line, STREAM, Labels.empty());
        boolean keptStored = stored.process(1, view, payload, before.length, bytes.length, STREAM, Labels.empty());
        String what = pipeline + " on " + line;
        assertThat(keptStored).as(what).isEqualTo(keptAsString);
        if (keptAsString) {
            assertThat(stored.lineBytes()).as(what).isEqualTo(asString.lineBytes());
            assertThat(stored.labels()).as(what).isEqualTo(asString.labels());
            assertThat(stored.line()).as(what).isEqualTo(asString.line());
            List<String> names = new ArrayList<>(Set.of("lvl", "component", "code", "user", "n", "word", "a", "c", "msg"));
            for (String name : names) {
                int slot = stored.resultSlot(name, -1);
                String value = asString.resultValueAt(asString.resultSlot(name, -1), name);
                assertThat(stored.resultValueAt(slot, name)).as(what + " " + name).isEqualTo(value);
                assertThat(stored.resultValueEqualsAt(slot, name, value, PipelineLabels.isAscii(value))).as(what + " " + name).isTrue();
                // The value's bytes read as Latin-1 are other text, unless it is ASCII.
                String garbled = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                if (!garbled.equals(value)) {
                    assertThat(stored.resultValueEqualsAt(slot, name, garbled, false)).as(what + " " + name).isFalse();
                }
            }
        }
    }
}
