package dev.panoptes.logs.logql.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogTemplateTest {

    static final Map<String, String> LABELS = Map.of("level", "error", "msg", "  Disk Full  ", "n", "7", "path", "/a/b",
            "csv", "x,y,z", "json", "{\"a\":{\"b\":[1,2.5]},\"s\":\"t\"}", "ts", "1700000000");

    static String render(String template) {
        return LogTemplate.parse("line", template).execute(LABELS, "the line", 1_700_000_000_123_000_000L);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "{{.level}} => error",
        "{{ .level }}-{{.missing}}- => error--",
        "{{ .level | ToUpper }} => ERROR",
        "{{ .msg | TrimSpace | lower }} => disk full",
        "{{ Trim .msg \" \" | upper }} => DISK FULL",
        "{{ TrimPrefix .path \"/a\" }}{{ trimSuffix \"/b\" .path }} => /b/a",
        "{{ replace \",\" \";\" .csv }} {{ Replace .csv \",\" \"\" 1 }} => x;y;z xy,z",
        "{{ if eq .level \"error\" \"warn\" }}bad{{ else }}ok{{ end }} => bad",
        "{{ if and .level (not .missing) }}yes{{ end }} => yes",
        "{{ or .missing \"fallback\" }} => fallback",
        "{{ default \"d\" .missing }}|{{ default \"d\" .level }} => d|error",
        "{{ add .n 3 }} {{ sub 10 .n }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 2 }} => 10 3 24 3 1",
        "{{ addf 1.5 1 }} {{ subf 1 0.25 }} {{ mulf 1.5 2 }} {{ divf 1 8 }} => 2.5 0.75 3 0.125",
        "{{ max 1 9 3 }} {{ min 4 2 }} {{ maxf 1.5 2 }} {{ minf 1.5 2 }} => 9 2 2 1.5",
        "{{ ceil 1.2 }} {{ floor 1.8 }} {{ round 1.2345 2 }} => 2 1 1.23",
        "{{ int \"42\" }} {{ float64 \"2.5\" }} {{ int \"x\" }} => 42 2.5 0",
        "{{ printf \"%s=%d %05.1f %q %v %x\" .level 7 3.14159 .n true 255 }} => error=7 003.1 \"7\" true ff",
        "{{ trunc 4 .path }} {{ trunc -2 .path }} {{ substr 1 3 .path }} => /a/b /b a/",
        "{{ contains \"Full\" .msg }} {{ hasPrefix \"/a\" .path }} {{ hasSuffix \"x\" .path }} => true true false",
        "{{ repeat 3 \"ab\" }} {{ indent 2 \"x\" }} => ababab   x",
        "{{ alignLeft 4 .level }}|{{ alignRight 7 .level }}|{{ alignLeft 9 .level }}| => erro|  error|error    |",
        "{{ urlencode \"a b&c\" }} {{ urldecode \"a%20b\" }} => a+b%26c a b",
        "{{ b64enc \"hi\" }} {{ b64dec \"aGk\" }} => aGk= hi",
        "{{ regexReplaceAll \"(\\\\w+)/(\\\\w+)\" .path \"$2-$1\" }} {{ regexReplaceAllLiteral \"a\" .path \"$1\" }} => /b-a /$1/b",
        "{{ count \"[xyz]\" .csv }} {{ len .csv }} => 3 5",
        "{{ bytes \"2KiB\" }} {{ duration \"1m30s\" }} => 2048 90",
        "{{ __line__ }} {{ __timestamp__ | unixEpoch }} {{ __timestamp__ | unixEpochMillis }} => the line 1700000000 1700000000123",
        "{{ __timestamp__ | date \"2006-01-02 15:04:05.000 MST\" }} => 2023-11-14 22:13:20.123 UTC",
        "{{ unixToTime .ts | date \"Jan 2, 2006 3:04PM\" }} => Nov 14, 2023 10:13PM",
        "{{ toDate \"2006-01-02\" \"2024-03-05\" | unixEpoch }} => 1709596800",
        "{{ (fromJson .json).s }} {{ index (fromJson .json) \"a\" \"b\" }} => t [1 2.5]",
        "{{ range $i, $v := (fromJson .json).a.b }}[{{ $i }}:{{ $v }}]{{ end }} => [0:1][1:2.5]",
        "{{ range (fromJson .json).missing }}x{{ else }}empty{{ end }} => empty",
        "{{ $x := .level }}{{ with .n }}{{ $x }}{{ . }}{{ end }} => error7",
        "{{- .level -}}   ! => error!",
        "a {{/* a comment */}}b => a b",
        "{{ 1e6 }} {{ 0.5 }} {{ 1234567.0 }} {{ 0.00001 }} => 1e+06 0.5 1.234567e+06 1e-05",
        "{{ print 1 2 \"a\" \"b\" 3 }} => 1 2ab3",
    })
    void rendersLikeGoTemplatesWithLokisFunctions(String template, String expected) {
        assertThat(render(template)).isEqualTo(expected);
    }

    @Test
    void refusesUnknownFunctionsAndBadSyntaxWhenParsed() {
        assertThatThrownBy(() -> LogTemplate.parse("line", "{{ list 1 }}")).hasMessage("template: line:1: function \"list\" not defined");
        assertThatThrownBy(() -> LogTemplate.parse("line", "{{ .a ")).hasMessage("template: line:1: unclosed action");
        assertThatThrownBy(() -> LogTemplate.parse("label", "{{ if .a }}x")).hasMessage("template: label:1: unexpected EOF");
        assertThatThrownBy(() -> LogTemplate.parse("line", "{{ end }}")).hasMessage("template: line:1: unexpected {{end}}");
        assertThatThrownBy(() -> LogTemplate.parse("line", "{{ call .f }}")).hasMessage("template: line:1: function \"call\" not defined");
    }

    @Test
    void reportsFailuresOfFunctionsAtRunTime() {
        assertThatThrownBy(() -> render("{{ div 1 0 }}"))
                .hasMessage("template: line:1:2: executing \"line\" at <div 1 0>: error calling div: runtime error: integer divide by zero");
        assertThatThrownBy(() -> render("{{ .level.x }}")).hasMessageEndingWith("can't evaluate field x in type string");
        assertThatThrownBy(() -> render("{{ trunc .n .level }}")).hasMessageEndingWith("wrong type for value; expected int; got string");
        assertThatThrownBy(() -> render("{{ lt .n 3 }}")).hasMessageEndingWith("incompatible types for comparison");
    }

    @Test
    void boundsWorkSoNoTemplateCanRunAway() {
        assertThatThrownBy(() -> render("{{ range 100000000 }}x{{ end }}")).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> render("{{ range 90000 }}{{ repeat 100 \"x\" }}{{ end }}")).hasMessageContaining("exceed");
    }
}
