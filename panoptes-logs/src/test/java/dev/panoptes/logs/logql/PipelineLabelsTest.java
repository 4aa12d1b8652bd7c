package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PipelineLabelsTest {

    @Test
    void aSliceReadsLikeTheStringItStandsFor() {
        PipelineLabels labels = new PipelineLabels();
        Labels stream = Labels.of("app", "x");
        labels.reset(stream, Labels.empty(), stream);
        String line = "code=503 level=error";
        labels.setParsedSlice("code", line, 5, 8);
        labels.setParsedSlice("level", line, 15, 20);
        assertThat(labels.valueEquals("level", "error", true)).isTrue();
        assertThat(labels.valueEquals("level", "erro", true)).isFalse();
        assertThat(labels.valueEquals("missing", "", true)).isTrue();
        assertThat(labels.isSlice(labels.slot("code"))).isTrue();
        labels.remove("code");
        assertThat(labels.get("level")).isEqualTo("error");
        assertThat(labels.isSlice(labels.slot("level"))).isFalse();
        assertThat(labels.build()).isEqualTo(Labels.of("app", "x", "level", "error"));
        labels.setParsedSlice("__error__", "XErr", 0, 4);
        assertThat(labels.hasError()).isTrue();
    }

    @Test
    void aSliceOfAStoredLinesBytesReadsAsTheTextTheyEncode() {
        PipelineLabels labels = new PipelineLabels();
        Labels stream = Labels.of("app", "x");
        labels.reset(stream, Labels.empty(), stream);
        // The payload view: each UTF-8 byte of the stored line is one Latin-1 char.
        String stored = "user=Zoë level=warn";
        String view = new String(stored.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        labels.setParsedByteSlice("user", view, 5, 9);
        labels.setParsedByteSlice("level", view, 16, 20);
        int user = labels.slot("user");
        assertThat(labels.valueEqualsAt(user, "Zoë", false)).isTrue();
        assertThat(labels.valueEqualsAt(user, view.substring(5, 9), false)).isFalse();
        assertThat(labels.valueEqualsAt(user, "Zoe", true)).isFalse();
        int level = labels.slot("level");
        assertThat(labels.valueEqualsAt(level, "warn", true)).isTrue();
        assertThat(labels.valueHashAt(level)).isEqualTo(PipelineLabels.quickHash("warn"));
        assertThat(labels.slot("level", level)).isEqualTo(level);
        assertThat(labels.slot("level", user)).isEqualTo(level);
        assertThat(labels.build()).isEqualTo(Labels.of("app", "x", "level", "warn", "user", "Zoë"));
        labels.setParsedByteSlice("__error__", view, 16, 20);
        assertThat(labels.get("__error__")).isEqualTo("warn");
    }

    @Test
    void aLabelIsFoundAfterAnotherIsRemovedAndAbsentNamesAreNot() {
        PipelineLabels labels = new PipelineLabels();
        Labels stream = Labels.of("app", "x");
        labels.reset(stream, Labels.empty(), stream);
        for (int i = 0; i < 100; i++) {
            labels.setParsed("k" + i, "v" + i);
        }
        labels.remove("k50");
        for (int i = 0; i < 100; i++) {
            assertThat(labels.get("k" + i)).isEqualTo(i == 50 ? null : "v" + i);
            assertThat(labels.get("absent" + i)).isNull();
        }
        labels.reset(stream, Labels.empty(), stream);
        assertThat(labels.get("k1")).isNull();
        assertThat(labels.get("app")).isEqualTo("x");
    }

    @Test
    void theNextEntryOfAStreamStartsFromTheStreamEvenAfterAStageChangedItsLabels() {
        PipelineLabels labels = new PipelineLabels();
        Labels stream = Labels.of("app", "x", "env", "prod");
        Labels metadata = Labels.of("trace", "t1");
        labels.reset(stream, metadata, stream);
        labels.setParsed("app", "rewritten");
        labels.remove("env");
        labels.setParsed("code", "1");
        labels.reset(stream, metadata, stream);
        assertThat(labels.get("app")).isEqualTo("x");
        assertThat(labels.get("env")).isEqualTo("prod");
        assertThat(labels.get("trace")).isEqualTo("t1");
        assertThat(labels.get("code")).isNull();
        assertThat(labels.parsedName("trace")).isEqualTo("trace_extracted");
        labels.setParsed("code", "2");
        labels.reset(stream, metadata, stream);
        assertThat(labels.get("code")).isNull();
        assertThat(labels.size()).isEqualTo(3);
        Labels withError = Labels.of("app", "x", "__error__", "SampleExtractionErr");
        labels.reset(withError, Labels.empty(), withError);
        labels.setError(null, null);
        labels.reset(withError, Labels.empty(), withError);
        assertThat(labels.get("__error__")).isEqualTo("SampleExtractionErr");
    }
}
