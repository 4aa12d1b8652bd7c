package dev.panoptes.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelDiscoveryTest {

    private final LevelDiscovery levels = new LevelDiscovery(LevelDiscovery.DEFAULT_FIELDS, 2);
    private static final Labels STREAM = Labels.of("app", "shop");

    private String levelOf(String line) {
        return levels.withLevel(STREAM, Labels.empty(), line).get("detected_level");
    }

    @Test
    void aLevelSentIsKeptNormalised() {
        Labels sent = Labels.of("detected_level", "WRN", "trace_id", "abc");
        assertThat(levels.withLevel(STREAM, sent, "ERROR boom")).isEqualTo(Labels.of("detected_level", "warn", "trace_id", "abc"));
        Labels normal = Labels.of("detected_level", "debug");
        assertThat(levels.withLevel(STREAM, normal, "ERROR boom")).isSameAs(normal);
        assertThat(levels.withLevel(STREAM, Labels.of("detected_level", "notice"), "x").get("detected_level")).isEqualTo("notice");
    }

    @Test
    void fieldsOfTheStreamComeBeforeTheMetadataAndThoseBeforeTheLine() {
        assertThat(levels.withLevel(Labels.of("app", "a", "level", "Information"), Labels.of("severity", "error"), "fatal: x")
                .get("detected_level")).isEqualTo("info");
        assertThat(levels.withLevel(STREAM, Labels.of("lvl", "CRITICAL", "severity", "debug"), "fatal: x").get("detected_level"))
                .as("the first field in the list's order, not the labels'").isEqualTo("debug");
        assertThat(levels.withLevel(STREAM, Labels.of("severity_text", "notice"), "ERROR x").get("detected_level"))
                .as("an unknown value of a field is kept").isEqualTo("notice");
    }

    @Test
    void anOpenTelemetrySeverityNumberFallsInItsRange() {
        String[][] cases = {{"1", "trace"}, {"5", "debug"}, {"12", "info"}, {"13", "warn"}, {"18", "error"}, {"24", "fatal"},
            {"25", "unknown"}, {"0", "unknown"}, {"x", "info"}};
        for (String[] c : cases) {
            assertThat(levels.withLevel(STREAM, Labels.of("severity_number", c[0]), "ERROR in the line").get("detected_level"))
                    .as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void aJsonLineIsSearchedForStringLevelFieldsToTheDepthAllowed() {
        assertThat(levelOf("{\"msg\":\"started\",\"level\":\"WARNING\"}")).isEqualTo("warn");
        assertThat(levelOf("  {\"log\":{\"severity\":\"dbg\"},\"msg\":\"x\"}  ")).isEqualTo("debug");
        assertThat(levelOf("{\"level\":40,\"msg\":\"x\"}")).as("not a string: the words decide").isEqualTo("unknown");
        // wrn is a spelling of warn, not a word the line is searched for.
        assertThat(levelOf("{\"a\":{\"b\":{\"level\":\"wrn\"}},\"msg\":\"done\"}")).as("below the depth").isEqualTo("unknown");
        assertThat(new LevelDiscovery(LevelDiscovery.DEFAULT_FIELDS, 0).withLevel(STREAM, Labels.empty(),
                "{\"a\":{\"b\":{\"level\":\"wrn\"}}}").get("detected_level")).as("no depth limit").isEqualTo("warn");
        assertThat(levelOf("{\"tags\":[{\"level\":\"wrn\"}],\"msg\":\"ok\"}")).as("arrays are not searched").isEqualTo("unknown");
        assertThat(levelOf("{\"level\":\"verbose\",\"msg\":\"an error\"}")).as("an unknown value: the words decide").isEqualTo("error");
        assertThat(levelOf("{\"msg\":\"x\", broken warn}")).isEqualTo("warn");
    }

    @Test
    void aLogfmtLineTakesTheEarliestFieldOfTheListIgnoringCase() {
        assertThat(levelOf("ts=1 LVL=err msg=\"disk full\"")).isEqualTo("error");
        assertThat(levelOf("ts=1 severity=debug level=info")).as("level is listed before severity").isEqualTo("info");
        assertThat(levelOf("ts=1 msg=hello")).isEqualTo("unknown");
        assertThat(levelOf("ts=1 level=\"Fatal\"")).isEqualTo("fatal");
        // A bare level key has no value, which sends the choice to the words, as Loki's decoder does.
        assertThat(levelOf("severity=wrn level")).isEqualTo("unknown");
        assertThat(levelOf("msg=\"retry level=wrn\" status=200")).as("inside a quoted value: not a pair").isEqualTo("unknown");
    }

    @Test
    void otherwiseTheFirstLevelWordStandingAloneInTheLine() {
        assertThat(levelOf("2024-01-01 12:00:00 ERROR connection refused")).isEqualTo("error");
        assertThat(levelOf("[Warn] disk at 91%, error soon")).isEqualTo("warn");
        assertThat(levelOf("INFO: error count is 0")).isEqualTo("info");
        assertThat(levelOf("misc:error happened")).as("after a colon it is part of a word").isEqualTo("unknown");
        assertThat(levelOf("errors=3 informational")).isEqualTo("unknown");
        assertThat(levelOf("the job failed: fatal")).isEqualTo("fatal");
        assertThat(levelOf("err")).isEqualTo("error");
        assertThat(levelOf("")).isEqualTo("unknown");
        assertThat(levelOf("ınfo ıs not info")).as("only ASCII letters fold").isEqualTo("info");
        assertThat(levelOf("ınfo only")).isEqualTo("unknown");
    }

    @Test
    void entriesWithoutMetadataShareOneLabelSetPerLevel() {
        Labels first = levels.withLevel(STREAM, Labels.empty(), "INFO a");
        assertThat(levels.withLevel(STREAM, Labels.empty(), "INFO b")).isSameAs(first);
        assertThat(levels.withLevel(STREAM, Labels.empty(), "WARN c")).isEqualTo(Labels.of("detected_level", "warn"));
        assertThat(levels.withLevel(STREAM, Labels.of("trace_id", "t"), "WARN c")).isEqualTo(Labels.of("detected_level", "warn", "trace_id", "t"));
    }

    @Test
    void theFieldsCanBeConfigured() {
        LevelDiscovery custom = new LevelDiscovery(List.of("sev"), 2);
        assertThat(custom.withLevel(STREAM, Labels.of("level", "debug"), "ts=1 sev=warn").get("detected_level")).isEqualTo("warn");
    }
}
