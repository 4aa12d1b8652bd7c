package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogPipelineTest {

    static String labelsAfter(String pipeline, String line) throws Exception {
        LogPipeline p = LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse("{app=\"x\"} " + pipeline)).pipeline());
        return p.process(1, line, Labels.of("app", "x"), Labels.empty()) ? p.labels().toString() : "dropped";
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "| json ; {\"a\":{\"b\":{\"c\":1}},\"d\":true} => {a_b_c=\"1\", app=\"x\", d=\"true\"}",
        "| json ; {\"a\":1,\"a\":2} => {a=\"1\", app=\"x\"}",
        "| json ; {\"k\":\"\\u0041\\n\"} => {app=\"x\", k=\"A\\n\"}",
        "| json ; {\"k\":tru} => {__error__=\"JSONParserErr\", __error_details__=\"Unknown value type\", app=\"x\"}",
        "| json ; {\"k\":1,} => {app=\"x\", k=\"1\"}",
        "| json ; {\"k\":1 \"j\":2} => {__error__=\"JSONParserErr\", __error_details__=\"Value looks like object, but can't find closing '}' symbol\", app=\"x\", k=\"1\"}",
        "| json ; {\"k\" 1} => {__error__=\"JSONParserErr\", __error_details__=\"Malformed JSON error\", app=\"x\"}",
        "| json ; {\"k\":{\"x\":1} => {__error__=\"JSONParserErr\", __error_details__=\"Value is array, but can't find closing ']' symbol\", app=\"x\", k_x=\"1\"}",
        "| json ; {} trailing text => {app=\"x\"}",
        "| json v=\"[1]\" ; [10,20] => {app=\"x\", v=\"20\"}",
        "| json v=\"a\" ; {\"a\":null} => {app=\"x\"}",
        "| json v=\"[\\\"a b\\\"]\" ; {\"a b\":\"q\"} => {app=\"x\", v=\"q\"}",
        "| logfmt ; a=1 b=\"x y\" c => {a=\"1\", app=\"x\", b=\"x y\"}",
        "| logfmt ; a=\"unterminated => {app=\"x\"}",
        "| logfmt --strict ; a=\"unterminated => {__error__=\"LogfmtParserErr\", __error_details__=\"logfmt syntax error at pos 15 : unterminated quoted value\", app=\"x\"}",
        "| logfmt --strict ; \"a\"=1 => {__error__=\"LogfmtParserErr\", __error_details__=\"logfmt syntax error at pos 1 : unexpected '\\\"'\", app=\"x\"}",
        "| logfmt --strict ; =1 => {__error__=\"LogfmtParserErr\", __error_details__=\"logfmt syntax error at pos 1 : unexpected '='\", app=\"x\"}",
        "| logfmt ; my-key=1 9x=2 => {_9x=\"2\", app=\"x\", my_key=\"1\"}",
        "| regexp \"(?P<a>\\\\d+)-(?P<b>\\\\w+)\" ; id 12-ab => {a=\"12\", app=\"x\", b=\"ab\"}",
        "| pattern \"<a> <b>\" ; one two three => {a=\"one\", app=\"x\", b=\"two three\"}",
        "| pattern \"[<a>]\" ; x[1] => {app=\"x\"}",
        "| logfmt | a > 1 ; a=2 => {a=\"2\", app=\"x\"}",
        "| logfmt | a > 1 ; a=1 => dropped",
        "| logfmt | a > 1 ; b=1 => dropped",
        "| logfmt | a > 1 or b=\"1\" ; b=1 => {app=\"x\", b=\"1\"}",
        "| logfmt | a > 1 and b > 1 ; a=x b=y => {__error__=\"LabelFilterErr\", __error_details__=\"strconv.ParseFloat: parsing \\\"x\\\": invalid syntax\", a=\"x\", app=\"x\", b=\"y\"}",
        "| logfmt | a > 1 | b = ip(\"1.2.3.4\") ; a=x b=y => {__error__=\"LabelFilterErr\", __error_details__=\"strconv.ParseFloat: parsing \\\"x\\\": invalid syntax\", a=\"x\", app=\"x\", b=\"y\"}",
        "| logfmt | d >= 1m ; d=1h2m => {app=\"x\", d=\"1h2m\"}",
        "| logfmt | d >= 1m ; d=1d => {__error__=\"LabelFilterErr\", __error_details__=\"time: invalid duration \\\"1d\\\"\", app=\"x\", d=\"1d\"}",
        "| logfmt | s > 1KB ; s=1,500 => {app=\"x\", s=\"1,500\"}",
        "| label_format b=a ; a => {app=\"x\"}",
        "| logfmt | label_format b=a ; a=1 => {app=\"x\", b=\"1\"}",
        "| logfmt | label_format app=a ; a=1 => {app=\"1\"}",
        "| logfmt | drop app ; a=1 => {a=\"1\"}",
    })
    void evaluatesStagesAsLokiDoes(String pipelineAndLine, String expected) throws Exception {
        int split = pipelineAndLine.indexOf(" ; ");
        assertThat(labelsAfter(pipelineAndLine.substring(0, split), pipelineAndLine.substring(split + 3))).isEqualTo(expected);
    }

    /** The labels after {@code pipeline} compiled for a caller that reads only {@code resultLabels}. */
    static String hintedLabelsAfter(String pipeline, Set<String> resultLabels, String line) throws Exception {
        LogPipeline p = LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse("{app=\"x\"} " + pipeline)).pipeline(), resultLabels);
        return p.process(1, line, Labels.of("app", "x", "status", "s"), Labels.empty()) ? p.labels().toString() : "dropped";
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        // Only what the filters and the caller read is extracted.
        "| json | code >= 500 ; {\"code\":503,\"level\":\"error\",\"path\":\"/a\"} => {app=\"x\", code=\"503\", level=\"error\", status=\"s\"}",
        "| json | code >= 500 ; {\"code\":200,\"level\":\"error\"} => dropped",
        "| logfmt | code >= 500 ; code=503 level=error path=/a => {app=\"x\", code=\"503\", level=\"error\", status=\"s\"}",
        // A key clashing with a stream label is read under its _extracted name; the first of two equal keys wins.
        "| json | status_extracted = \"5\" ; {\"status\":\"5\",\"status\":\"6\",\"code\":1} => {app=\"x\", status=\"s\", status_extracted=\"5\"}",
        "| logfmt | code = \"1\" ; code=1 code=2 level=x => {app=\"x\", code=\"1\", level=\"x\", status=\"s\"}",
        // Keys that sanitizing renames, and nested keys, are found under their label names.
        "| json | my_code >= 500 ; {\"my-code\":503,\"a\":{\"b\":1}} => {app=\"x\", my_code=\"503\", status=\"s\"}",
        "| json | a_b = \"1\" ; {\"a\":{\"b\":1,\"c\":2},\"_9x\":3} => {a_b=\"1\", app=\"x\", status=\"s\"}",
        "| logfmt | _9x = \"2\" | my_key = \"1\" ; my-key=1 9x=2 other=3 => {_9x=\"2\", app=\"x\", my_key=\"1\", status=\"s\"}",
        // Malformed input is reported whatever the hints.
        "| json | code >= 500 ; {\"code\":503,\"x\":tru} => {__error__=\"JSONParserErr\", __error_details__=\"Unknown value type\", app=\"x\", code=\"503\", status=\"s\"}",
        "| logfmt --strict | code > 1 ; code=2 a=\"open => {__error__=\"LogfmtParserErr\", __error_details__=\"logfmt syntax error at pos 14 : unterminated quoted value\", app=\"x\", code=\"2\", status=\"s\"}",
        // A missing label fails a numeric filter and matches "" in a string one, as without hints.
        "| json | code >= 500 ; {\"level\":\"error\"} => dropped",
        "| json | code = \"\" ; {\"level\":\"error\"} => {app=\"x\", level=\"error\", status=\"s\"}",
        // drop and keep only take labels away, so they keep the hints (Logs Drilldown drops the error labels).
        "| json | drop __error__, __error_details__ | code >= 500 ; {\"code\":503,\"path\":tru} => {app=\"x\", code=\"503\", status=\"s\"}",
        "| json | drop level=\"debug\" | code >= 500 ; {\"code\":503,\"level\":\"debug\",\"path\":\"/a\"} => {app=\"x\", code=\"503\", status=\"s\"}",
        "| logfmt | keep level, code | code >= 500 ; code=503 level=error path=/a => {code=\"503\", level=\"error\"}",
        "| logfmt | keep code | level = \"\" ; code=503 level=error path=/a => {}",
        // Stages that may read any label see every label.
        "| json | line_format \"{{.path}}\" | code >= 500 ; {\"code\":503,\"path\":\"/a\"} => {app=\"x\", code=\"503\", path=\"/a\", status=\"s\"}",
        "| json | label_format p=path ; {\"code\":503,\"path\":\"/a\"} => {app=\"x\", code=\"503\", p=\"/a\", status=\"s\"}",
        "| json | regexp \"(?P<p>/a)\" ; {\"code\":503,\"path\":\"/a\"} => {app=\"x\", code=\"503\", p=\"/a\", path=\"/a\", status=\"s\"}",
        // Two parsers, as Logs Drilldown's | json | logfmt, are hinted too; the first value of a name wins.
        "| json | logfmt ; {\"code\":503,\"path\":\"/a\"} => {app=\"x\", status=\"s\"}",
        "| json | logfmt | code > 1 ; code=7 level=warn => {__error__=\"JSONParserErr\", __error_details__=\"Value looks like object, but can't find closing '}' symbol\", app=\"x\", code=\"7\", level=\"warn\", status=\"s\"}",
    })
    void aCallerReadingFewLabelsGetsOnlyThoseAndTheFilteredOnes(String pipelineAndLine, String expected) throws Exception {
        int split = pipelineAndLine.indexOf(" ; ");
        assertThat(hintedLabelsAfter(pipelineAndLine.substring(0, split), Set.of("level"), pipelineAndLine.substring(split + 3)))
                .isEqualTo(expected);
    }

    @Test
    void aCallerReadingEveryLabelGetsEveryLabel() throws Exception {
        String line = "{\"code\":503,\"level\":\"error\",\"path\":\"/a\"}";
        assertThat(hintedLabelsAfter("| json | code >= 500", null, line))
                .isEqualTo("{app=\"x\", code=\"503\", level=\"error\", path=\"/a\", status=\"s\"}");
        assertThat(hintedLabelsAfter("| json | code >= 500", Set.of(), line)).isEqualTo("{app=\"x\", code=\"503\", status=\"s\"}");
    }

    @Test
    void metadataJoinsTheLabelsAndAParserRenamesAClash() throws Exception {
        LogPipeline p = LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse("{app=\"x\"} | logfmt")).pipeline());
        assertThat(p.process(5, "trace=b app=c", Labels.of("app", "x"), Labels.of("trace", "a"))).isTrue();
        assertThat(p.labels()).isEqualTo(Labels.of("app", "x", "app_extracted", "c", "trace", "a", "trace_extracted", "b"));
        assertThat(p.process(6, "plain", Labels.of("app", "x"), Labels.empty())).isTrue();
        assertThat(p.labels()).isEqualTo(Labels.of("app", "x"));
    }

    @Test
    void aClashIsJudgedAgainstEachEntrysOwnStreamAndMetadata() throws Exception {
        LogPipeline p = LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse("{app=\"x\"} | pattern \"<level> <user>\"")).pipeline());
        Labels withLevel = Labels.of("app", "x", "level", "warn");
        Labels without = Labels.of("app", "y");
        for (int round = 0; round < 2; round++) {
            assertThat(p.process(1, "info u1", withLevel, Labels.empty())).isTrue();
            assertThat(p.labels()).isEqualTo(Labels.of("app", "x", "level", "warn", "level_extracted", "info", "user", "u1"));
            assertThat(p.process(2, "info u2", without, Labels.empty())).isTrue();
            assertThat(p.labels()).isEqualTo(Labels.of("app", "y", "level", "info", "user", "u2"));
            assertThat(p.process(3, "info u3", without, Labels.of("user", "meta"))).isTrue();
            assertThat(p.labels()).isEqualTo(Labels.of("app", "y", "level", "info", "user", "meta", "user_extracted", "u3"));
        }
    }

    @Test
    void lineFormatRewritesTheLineAndUnpackRestoresThePackedOne() throws Exception {
        LogPipeline p = LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse(
                "{app=\"x\"} | unpack | line_format \"{{.pod}}: {{__line__}}\"")).pipeline());
        assertThat(p.process(1, "{\"_entry\":\"hello\",\"pod\":\"p1\"}", Labels.of("app", "x"), Labels.empty())).isTrue();
        assertThat(p.line()).isEqualTo("p1: hello");
    }

    @Test
    void ipPatternsMatchAddressesInTextAsLokiScansThem() {
        assertThat(IpPattern.parse("192.168.0.0/16").matchesIn("from 192.168.4.2:8080 ok")).isTrue();
        assertThat(IpPattern.parse("192.168.0.0/16").matchesIn("from 192.169.4.2")).isFalse();
        assertThat(IpPattern.parse("::1").matchesIn("peer [::1]:22")).isTrue();
        assertThat(IpPattern.parse("2001:db8::-2001:db8::ff").matchesIn("x 2001:db8::10 y")).isTrue();
        assertThat(IpPattern.parse("2001:db8::-2001:db8::ff").matchesIn("x 2001:db8::100 y")).isFalse();
        assertThat(IpPattern.parse("1.2.3.4").matchesIn("::ffff:1.2.3.4")).isFalse();
        assertThat(IpPattern.parse("0.0.0.0/0").matchesIn("no address here")).isFalse();
    }

    @Test
    void patternFiltersTestTheWholeShape() {
        assertThat(new PatternMatcher("<_> error <_>").test("a error b")).isTrue();
        assertThat(new PatternMatcher("<_> error <_>").test("error b")).isFalse();
        assertThat(new PatternMatcher("GET <_>").test("GET /x")).isTrue();
        assertThat(new PatternMatcher("<_> done").test("job done now")).isFalse();
    }
}
