package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.logql.template.GoValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hinted parsers' fast paths against the general ones: the json fast pass
 * ({@link JsonWantedScan}) must set exactly what the general reader sets, error labels included,
 * on well-formed, odd and broken lines alike; the hinted logfmt and json steps must set what the
 * unhinted ones set, restricted to the wanted labels; numeric filters must read numbers as Go does.
 */
class JsonWantedScanTest {

    private static final Labels STREAM = Labels.of("app", "x", "status", "s");
    /** The labels the caller reads; with the stream's {@code status}, a {@code status} key becomes {@code status_extracted}. */
    private static final Set<String> WANTED = Set.of("status_extracted", "code", "a_b", "a_b_c", "k", "_9x", "my_key", "user_id", "t", "f",
            "n", "e", "long", "user");

    private static final List<String> ODD_LINES = List.of(
            "{\"code\":503,\"a\":{\"b\":{\"c\":1}},\"t\":true,\"f\":false,\"n\":null}",
            "  {\t\"code\" :\n503 , \"k\" : \"v\" }  trailing text",
            "{\"status\":\"5\",\"status\":\"6\",\"code\":1,\"code\":2}",
            "{\"k\":\"\\u0041\\n\\\"q\\\"\",\"code\":\"\\ud83d\\ude00\"}",
            "{\"k\":\"bad \\x escape\",\"code\":1}",
            "{\"k\":\"\\u12\"}",
            "{\"k\\u0041\":1,\"code\":2}",
            "{\"c\\\"ode\":1,\"code\":2}",
            "{\"my-code\":1,\"my key\":2,\"my_key\":3,\" code \":4,\"9x\":5,\"_9x\":6}",
            "{\"\":1,\"a\":{\"\":2,\" \":3,\"b\":4},\"code\":5}",
            "{\"caf\u00e9\":1,\"\u00e9\":{\"b\":2},\"a\":{\"\ud83d\ude00\":3},\"code\":4}",
            "{\"code\":-1.5e+3,\"e\":1E-7,\"k\":0x1F,\"t\":12abc,\"f\":-,\"n\":007}",
            "{\"code\":tru}", "{\"code\":nul}", "{\"code\":falsey}", "{\"code\":truex,\"k\":1}",
            "{\"code\":1,}", "{\"code\":1,,\"k\":2}", "{,\"code\":1}", "{\"code\":1 \"k\":2}", "{\"code\" 1}", "{\"code\":}",
            "{\"code\":{\"x\":1}", "{\"code\":[1,2}", "{\"code\":[\"]\",{\"a\":[1]}],\"k\":2}", "{\"code\":\"open",
            "{\"code\":1", "{\"code\":", "{\"code\"", "{\"co", "{", "", "   ", "[1,2]", "\"str\"", "503", "{}", "{ }", "{}{\"code\":1}",
            "{\"user\":{\"id\":7,\"id\":8},\"user_id\":9}", "{\"user_id\":9,\"user\":{\"id\":7}}", "{\"user\":\"flat\",\"user\":{\"id\":1}}",
            "{\"a\":[{\"b\":1}],\"a\":{\"b\":[1]},\"a\":{\"b\":2}}",
            "{\"code\":\"a\\\\\",\"k\":\"b\"}", "{\"code\":\"\\\\\\\"\",\"k\":1}", "{\"code\":\"x\\",
            "{\"status\":200,\"level\":\"info\",\"user\":{\"id\":1234}}",
            "{\"code\":\"Zo\u00eb\",\"k\":\"\u00a0\u0085\ud83d\ude00\",\"user\":{\"id\":\"\u00e9\"}}");

    private static ParserHints hints() {
        return ParserHints.of(List.of(new PipelineStage.JsonParser(List.of())), WANTED);
    }

    private static String run(PipelineStep step, String line) {
        PipelineEntry e = new PipelineEntry();
        e.reset(line);
        e.labels.reset(STREAM, Labels.empty(), STREAM);
        step.apply(e);
        return e.labels.build().toString();
    }

    /** The unhinted step's labels, keeping only the stream's, the wanted and the error labels. */
    private static String restricted(PipelineStep step, String line) {
        PipelineEntry e = new PipelineEntry();
        e.reset(line);
        e.labels.reset(STREAM, Labels.empty(), STREAM);
        step.apply(e);
        Labels all = e.labels.build();
        Labels.Builder kept = Labels.builder();
        kept.reset(Labels.empty());
        for (int i = 0; i < all.size(); i++) {
            String name = all.name(i);
            if (STREAM.has(name) || WANTED.contains(name) || name.startsWith("__error")) {
                kept.set(name, all.value(i));
            }
        }
        return kept.build().toString();
    }

    /** As {@link #run}, with the line held as a stored line is: its UTF-8 bytes inside a chunk's payload, viewed as Latin-1. */
    static String runStored(PipelineStep step, String line) {
        byte[] before = "{\"prev\":1}\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[before.length + bytes.length + 3];
        System.arraycopy(before, 0, payload, 0, before.length);
        System.arraycopy(bytes, 0, payload, before.length, bytes.length);
        payload[payload.length - 3] = '"';
        payload[payload.length - 2] = '}';
        payload[payload.length - 1] = ' ';
        PipelineEntry e = new PipelineEntry();
        e.reset(new String(payload, StandardCharsets.ISO_8859_1), payload, before.length, before.length + bytes.length);
        e.labels.reset(STREAM, Labels.empty(), STREAM);
        step.apply(e);
        return e.labels.build().toString();
    }

    private static void assertJsonAgrees(String line) {
        String general = run(new JsonStep(hints(), false), line);
        assertThat(run(new JsonStep(hints(), true), line)).as(line).isEqualTo(general);
        // A stored line went through UTF-8 (a lone surrogate became '?').
        String stored = new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(runStored(new JsonStep(hints(), true), line)).as("stored: " + line)
                .isEqualTo(stored.equals(line) ? general : run(new JsonStep(hints(), false), stored));
        assertThat(general).as(line).isEqualTo(restricted(new JsonStep(null), line));
    }

    @Test
    void theFastPassSetsWhatTheGeneralReaderSetsOnOddAndBrokenLines() {
        for (String line : ODD_LINES) {
            assertJsonAgrees(line);
        }
        StringBuilder deep = new StringBuilder();
        for (int depth = 0; depth < 300; depth++) {
            deep.append("{\"a\":");
        }
        deep.append('1');
        deep.append("}".repeat(300));
        assertJsonAgrees(deep.toString());
        String nested = "{\"a\":" + "{\"b\":".repeat(200) + "1" + "}".repeat(200) + ",\"code\":1}";
        assertJsonAgrees(nested);
        assertJsonAgrees("{\"long\":\"" + "x\\\"y".repeat(20_000) + "\",\"code\":\"" + "z".repeat(100_000) + "\"}");
        for (String line : ODD_LINES) {
            for (int cut = 0; cut < line.length(); cut++) {
                assertJsonAgrees(line.substring(0, cut));
            }
        }
    }

    @Test
    void theFastPassReadsAUsualLineAndLeavesAnEscapedKeyToTheGeneralReader() {
        JsonWantedScan scan = new JsonWantedScan(new String[] {"status", "user_id"});
        assertThat(scan.scan("{\"ts\":\"2026\",\"status\":503,\"user\":{\"id\":12},\"arr\":[{\"status\":1}]}")).isTrue();
        assertThat(scan.hits()).isEqualTo(2);
        assertThat(scan.kind(0)).isEqualTo(JsonWantedScan.NUMBER);
        assertThat(scan.to(0) - scan.from(0)).isEqualTo(3);
        assertThat(scan.key(1)).isEqualTo(1);
        assertThat(scan.scan("{\"st\\u0061tus\":503}")).isFalse();
        assertThat(scan.scan("{\"status\":503")).isFalse();
    }

    @Test
    void randomLinesAgreeWhetherWellFormedOrCorrupted() {
        Random random = new Random(7);
        String[] keys = {"code", "status", "k", "a", "b", "c", "user", "id", "my-key", "9x", "t", "f", "n", "e", "k\\u0041", "\u00e9", " k"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder();
            object(random, keys, line, 0);
            String text = line.toString();
            if (random.nextInt(3) == 0) {
                int at = random.nextInt(text.length() + 1);
                String noises = "\"{}[],:\\ x1-";
                String noise = String.valueOf(noises.charAt(random.nextInt(noises.length())));
                text = random.nextBoolean() ? text.substring(0, at) + noise + text.substring(at) : text.substring(0, at);
            }
            assertJsonAgrees(text);
        }
    }

    private static void object(Random random, String[] keys, StringBuilder out, int depth) {
        out.append(random.nextInt(8) == 0 ? " { " : "{");
        int members = random.nextInt(5);
        for (int m = 0; m < members; m++) {
            if (m > 0) {
                out.append(random.nextInt(8) == 0 ? " , " : ",");
            }
            out.append('"').append(keys[random.nextInt(keys.length)]).append("\":");
            switch (random.nextInt(depth < 3 ? 9 : 7)) {
                case 0 -> out.append(random.nextInt(2000) - 1000);
                case 1 -> out.append(new String[] {"1.5", "-0", "1e3", "0.25E-2", "007", "12abc"}[random.nextInt(6)]);
                case 2 -> out.append('"').append(new String[] {"v", "", "a\\\"b", "\\u00e9\\n", "\\ud83d\\ude00", "x y", "\\q", "Zo\u00eb \u00fc\ud83d\ude00", "\u00a0\u0085"}[random.nextInt(9)])
                        .append('"');
                case 3 -> out.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
                case 4 -> out.append("[1,\"]\",{\"a\":[2]}]");
                case 5 -> out.append("\"").append("w".repeat(random.nextInt(300))).append("\"");
                case 6 -> out.append("[]");
                default -> object(random, keys, out, depth + 1);
            }
        }
        out.append('}');
    }

    @Test
    void hintedLogfmtSetsWhatUnhintedLogfmtSetsOfTheWantedLabels() {
        ParserHints hints = ParserHints.of(List.of(new PipelineStage.LogfmtParser(false, false, List.of())), WANTED);
        List<String> lines = new ArrayList<>(List.of(
                "code=503 status=5 status=6 k=\"a \\\"b\\\"\" my-key=1 9x=2 _9x=3 e= t",
                "code=\"\\u00e9\\ud83d\\ude00\" k=\"bad \\x\" code=2",
                "k=\"unterminated code=1", "=1 code=2", "\"k\"=1 code=3", "code=a=b k=1", "code=1\u00a0k=2", "caf\u00e9=1 code=2",
                "\u00a0code=5 k\u0085=6 \u2003e=7", "\ud83d\ude00=1 x\ud83d\ude00=2 9\ud83d\ude00=3 u\u00e9er=4", "", "   ", "code", "code= k=", "  code=1\tk=2\nuser=3  ", "long=" + "v".repeat(100_000) + " code=9"));
        for (String line : lines) {
            for (boolean strict : new boolean[] {false, true}) {
                PipelineStage.LogfmtParser stage = new PipelineStage.LogfmtParser(strict, false, List.of());
                assertThat(run(new LogfmtStep(stage, hints), line)).as(line).isEqualTo(restricted(new LogfmtStep(stage, null), line));
            }
        }
    }

    @Test
    void numericFiltersReadNumbersAsGoDoes() throws Exception {
        for (String v : List.of("0", "-0", "500", "007", "-12", "123456789012345", "-999999999999999", "1234567890123456",
                "99999999999999999999", "1.5", "-0.5", "1e3", "+5", "0x1F", "0x1p-2", "0x1_0p0", "inf", "-Inf", "NaN")) {
            double fast = LabelFilterStep.readNumber("[" + v + "]", 1, v.length() + 1);
            assertThat(Double.doubleToLongBits(fast)).as(v).isEqualTo(Double.doubleToLongBits(GoValues.parseFloat(v)));
        }
        for (String v : List.of("", "-", "12abc", "1 ", " 1", "--1", "1-", "1_000", "0b101", "١٢")) {
            String expected = null;
            try {
                GoValues.parseFloat(v);
            } catch (GoValues.BadValue e) {
                expected = e.getMessage();
            }
            String actual = null;
            try {
                LabelFilterStep.readNumber("x" + v + "y", 1, v.length() + 1);
            } catch (GoValues.BadValue e) {
                actual = e.getMessage();
            }
            assertThat(actual).as(v).isEqualTo(expected).isNotNull();
        }
    }
}
