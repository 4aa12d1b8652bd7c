package dev.panoptes.wire.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.Labels;
import org.junit.jupiter.api.Test;

class LokiLabelParserTest {

    @Test
    void readsPairsSortedWithAnyQuoteAndEscapes() throws Exception {
        assertThat(LokiLabelParser.parse("{job=\"api\", app='a\\'b', path=`C:\\x`,}"))
                .isEqualTo(Labels.of("app", "a'b", "job", "api", "path", "C:\\x"));
        assertThat(LokiLabelParser.parse(" { a = \"\\u00e9\\n\" } ")).isEqualTo(Labels.of("a", "é\n"));
    }

    @Test
    void namesTheColumnOfASyntaxError() {
        assertThatThrownBy(() -> LokiLabelParser.parse("{app=x}"))
                .hasMessage("error parsing labels '{app=x}': parse error at line 1, col 6: expected a quoted string");
        assertThatThrownBy(() -> LokiLabelParser.parse("{app}"))
                .hasMessageContaining("col 5: expected = after label name app");
        assertThatThrownBy(() -> LokiLabelParser.parse("{1a=\"x\"}")).hasMessageContaining("col 2: expected a label name");
        assertThatThrownBy(() -> LokiLabelParser.parse("{a=\"x\"")).hasMessageContaining("expected , or }");
        assertThatThrownBy(() -> LokiLabelParser.parse("{a=\"x}")).hasMessageContaining("unterminated quoted string");
        assertThatThrownBy(() -> LokiLabelParser.parse("a=\"x\"")).hasMessageContaining("col 1: expected {");
    }

    @Test
    void refusesEmptyDuplicateAndBlankLabels() {
        assertThatThrownBy(() -> LokiLabelParser.parse("{}")).hasMessage("error at least one label pair is required per stream");
        assertThatThrownBy(() -> LokiLabelParser.parse("{a=\"1\", a=\"2\"}")).hasMessageContaining("duplicate label name: 'a'");
        assertThatThrownBy(() -> LokiLabelParser.parse("{a=\"\"}")).hasMessageContaining("empty value");
    }
}
