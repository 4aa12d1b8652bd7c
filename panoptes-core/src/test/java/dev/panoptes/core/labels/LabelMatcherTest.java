package dev.panoptes.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelMatcherTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "EQUAL     ; a       ; a      ; true",
        "EQUAL     ; a       ; ab     ; false",
        "EQUAL     ; ''      ; ''     ; true",
        "NOT_EQUAL ; a       ; b      ; true",
        "REGEX     ; a.*     ; abc    ; true",
        "REGEX     ; a.*     ; xabc   ; false",
        "REGEX     ; b       ; abc    ; false",
        "REGEX     ; .*      ; ''     ; true",
        "REGEX     ; a.c     ; a\\nc  ; true",
        "REGEX     ; (?i)ABC ; abc    ; true",
        "NOT_REGEX ; a|b     ; c      ; true",
        "NOT_REGEX ; a|b     ; a      ; false",
        "REGEX     ; foo|bar ; bar    ; true",
        "REGEX     ; foo|bar ; foobar ; false",
    })
    void matchesWithPrometheusSemantics(MatchType type, String value, String input, boolean expected) {
        assertThat(LabelMatcher.of(type, "l", value).matches(input.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @Test
    void knowsWhetherAnAbsentLabelMatches() {
        assertThat(LabelMatcher.equal("a", "").matchesEmpty()).isTrue();
        assertThat(LabelMatcher.equal("a", "x").matchesEmpty()).isFalse();
        assertThat(LabelMatcher.notEqual("a", "x").matchesEmpty()).isTrue();
        assertThat(LabelMatcher.regex("a", "x|").matchesEmpty()).isTrue();
        assertThat(LabelMatcher.regex("a", ".+").matchesEmpty()).isFalse();
    }

    @Test
    void recognisesLiteralAlternations() {
        assertThat(LabelMatcher.regex("a", "api|web|db").setMatches()).containsExactly("api", "web", "db");
        assertThat(LabelMatcher.regex("a", "exact").setMatches()).containsExactly("exact");
        assertThat(LabelMatcher.regex("a", "v1\\.2|v1\\.3").setMatches()).containsExactly("v1.2", "v1.3");
        assertThat(LabelMatcher.regex("a", "api.*|web").setMatches()).isNull();
        assertThat(LabelMatcher.equal("a", "x").setMatches()).isNull();
    }

    @Test
    void recognisesLiteralPrefixes() {
        assertThat(LabelMatcher.regex("a", "node_.*").literalPrefix()).isEqualTo("node_");
        assertThat(LabelMatcher.regex("a", "abc?").literalPrefix()).isEqualTo("ab");
        assertThat(LabelMatcher.regex("a", "abc+d").literalPrefix()).isEqualTo("abc");
        assertThat(LabelMatcher.regex("a", ".*foo").literalPrefix()).isNull();
        assertThat(LabelMatcher.regex("a", "ab.*|cd.*").literalPrefix()).isNull();
        assertThat(LabelMatcher.regex("a", "(?i)abc.*").literalPrefix()).isNull();

        LabelMatcher prefixed = LabelMatcher.regex("a", "node_cpu.*");
        assertThat(prefixed.matches("node_cpu_seconds_total")).isTrue();
        assertThat(prefixed.matches("node_memory")).isFalse();
    }

    @Test
    void invalidRegexIsRejected() {
        assertThatThrownBy(() -> LabelMatcher.regex("a", "(unclosed")).isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void rendersAsInASelector() {
        assertThat(LabelMatcher.regex("job", "a|\"b\"")).hasToString("job=~\"a|\\\"b\\\"\"");
        assertThat(LabelMatcher.notEqual("x", "y")).hasToString("x!=\"y\"");
    }
}
