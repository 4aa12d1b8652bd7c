package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
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
        assertThat(labels.valueEquals("level", "error")).isTrue();
        assertThat(labels.valueEquals("level", "erro")).isFalse();
        assertThat(labels.valueEquals("missing", "")).isTrue();
        assertThat(labels.isSlice(labels.slot("code"))).isTrue();
        labels.remove("code");
        assertThat(labels.get("level")).isEqualTo("error");
        assertThat(labels.isSlice(labels.slot("level"))).isFalse();
        assertThat(labels.build()).isEqualTo(Labels.of("app", "x", "level", "error"));
        labels.setParsedSlice("__error__", "XErr", 0, 4);
        assertThat(labels.hasError()).isTrue();
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
