package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.LabelMatcher;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogQLParserTest {

    private static final StreamSelector APP_A = new StreamSelector(List.of(LabelMatcher.equal("app", "a")));

    /** One query of every construct, then " => " and its canonical form. */
    private static final String CANONICAL = """
            {app="a"} => {app="a"}
            {app="api", env=~"prod|dev", team!="x", zone!~"eu.*"} => {app="api", env=~"prod|dev", team!="x", zone!~"eu.*"}
            {app="a"} # comment => {app="a"}
            {app="a"} |= "x" != "y" |~ "a+" !~ "b" |> "<_> error <_>" !> "<_> debug" => {app="a"} |= "x" != "y" |~ "a+" !~ "b" |> "<_> error <_>" !> "<_> debug"
            {app="a"} |= "a" or "b" or ip("10.0.0.0/8") => {app="a"} |= "a" or "b" or ip("10.0.0.0/8")
            {app="a"} != ip("192.168.0.1-192.168.0.9") => {app="a"} != ip("192.168.0.1-192.168.0.9")
            {app="a"} | json => {app="a"} | json
            {app="a"} | json first="a.b", second="c[0]", third => {app="a"} | json first="a.b", second="c[0]", third="third"
            {app="a"} | logfmt => {app="a"} | logfmt
            {app="a"} | logfmt --strict --keep-empty => {app="a"} | logfmt --strict --keep-empty
            {app="a"} | logfmt --keep-empty level, msg="message" => {app="a"} | logfmt --keep-empty level="level", msg="message"
            {app="a"} | regexp "(?P<method>\\\\w+) (?P<path>\\\\S+)" => {app="a"} | regexp "(?P<method>\\\\w+) (?P<path>\\\\S+)"
            {app="a"} | pattern "<ip> - <_> [<ts>] \\"<method> <path>\\"" => {app="a"} | pattern "<ip> - <_> [<ts>] \\"<method> <path>\\""
            {app="a"} | unpack => {app="a"} | unpack
            {app="a"} | level="error" => {app="a"} | level="error"
            {app="a"} | status >= 500 and status < 600 => {app="a"} | status>=500 and status<600
            {app="a"} | duration > 10s or size <= 1KB => {app="a"} | duration>10s or size<=1000B
            {app="a"} | a="1", b="2" c="3" => {app="a"} | a="1" and b="2" and c="3"
            {app="a"} | (a="1" or b="2") and c="3" => {app="a"} | (a="1" or b="2") and c="3"
            {app="a"} | a="1" or b="2" and c="3" => {app="a"} | a="1" or b="2" and c="3"
            {app="a"} | addr = ip("10.0.0.0/8") | addr != ip("::1") => {app="a"} | addr=ip("10.0.0.0/8") | addr!=ip("::1")
            {app="a"} | x == 5 | y != -2.5 | z = 1e3 | w > +4 => {app="a"} | x==5 | y!=-2.5 | z==1000 | w>4
            {app="a"} | latency >= 250ms | age = 1h30m | t == -5s => {app="a"} | latency>=250ms | age==1h30m | t==-5s
            {app="a"} | size > 1.5KiB | size < 10MB | size != 42B => {app="a"} | size>1536B | size<10000000B | size!=42B
            {app="a"} | line_format "{{.level}}: {{.msg}}" => {app="a"} | line_format "{{.level}}: {{.msg}}"
            {app="a"} | label_format dst=src, msg="{{.a}} {{.b}}" => {app="a"} | label_format dst=src, msg="{{.a}} {{.b}}"
            {app="a"} | decolorize => {app="a"} | decolorize
            {app="a"} | drop a, b="v", c=~"x.*" => {app="a"} | drop a, b="v", c=~"x.*"
            {app="a"} | keep a, b!="v" => {app="a"} | keep a, b!="v"
            {app="a"} | json | __error__="" | drop __error__, __error_details__ => {app="a"} | json | __error__="" | drop __error__, __error_details__
            ({app="a"} |= "x") => {app="a"} |= "x"
            count_over_time({app="a"}[5m]) => count_over_time({app="a"}[5m])
            rate({app="a"} |= "x" [1m]) => rate({app="a"} |= "x" [1m])
            bytes_rate({app="a"}[1m] offset 1h) => bytes_rate({app="a"}[1m] offset 1h)
            bytes_over_time({app="a"}[30s]) => bytes_over_time({app="a"}[30s])
            absent_over_time({app="a"}[1m]) => absent_over_time({app="a"}[1m])
            rate_counter({app="a"} | logfmt | unwrap value [1m]) => rate_counter({app="a"} | logfmt | unwrap value [1m])
            sum_over_time({app="a"} | json | unwrap bytes(size) | __error__="" [5m]) => sum_over_time({app="a"} | json | unwrap bytes(size) | __error__="" [5m])
            avg_over_time({app="a"} | logfmt | unwrap duration(latency) [5m]) by (route) => avg_over_time({app="a"} | logfmt | unwrap duration(latency) [5m]) by (route)
            max_over_time({app="a"} | unwrap duration_seconds(latency) [5m]) without (pod) => max_over_time({app="a"} | unwrap duration_seconds(latency) [5m]) without (pod)
            min_over_time({app="a"} | unwrap x [5m]) => min_over_time({app="a"} | unwrap x [5m])
            stddev_over_time({app="a"} | unwrap x [5m]) => stddev_over_time({app="a"} | unwrap x [5m])
            stdvar_over_time({app="a"} | unwrap x [5m]) => stdvar_over_time({app="a"} | unwrap x [5m])
            quantile_over_time(0.99, {app="a"} | json | unwrap latency [5m]) by (route) => quantile_over_time(0.99, {app="a"} | json | unwrap latency [5m]) by (route)
            first_over_time({app="a"} | unwrap x [5m]) => first_over_time({app="a"} | unwrap x [5m])
            last_over_time({app="a"} | unwrap x [5m] offset 5m) => last_over_time({app="a"} | unwrap x [5m] offset 5m)
            rate({app="a"} | unwrap x [5m]) => rate({app="a"} | unwrap x [5m])
            count_over_time({app="a"}[5m] | json | level="error") => count_over_time({app="a"} | json | level="error" [5m])
            count_over_time({app="a"}[5m] offset 1h | json) => count_over_time({app="a"} | json [5m] offset 1h)
            sum_over_time({app="a"}[5m] | json | unwrap x) => sum_over_time({app="a"} | json | unwrap x [5m])
            count_over_time(({app="a"} |= "x")[5m]) => count_over_time({app="a"} |= "x" [5m])
            count_over_time(({app="a"} |= "x")[5m] offset 10m) => count_over_time({app="a"} |= "x" [5m] offset 10m)
            count_over_time(({app="a"} |= "x" [5m])) => count_over_time({app="a"} |= "x" [5m])
            sum_over_time(({app="a"} | unwrap x)[5m]) => sum_over_time({app="a"} | unwrap x [5m])
            sum(rate({app="a"}[1m])) => sum(rate({app="a"}[1m]))
            sum by (app) (rate({app="a"}[1m])) => sum by (app) (rate({app="a"}[1m]))
            sum(rate({app="a"}[1m])) by (app) => sum by (app) (rate({app="a"}[1m]))
            avg without (pod) (rate({app="a"}[1m])) => avg without (pod) (rate({app="a"}[1m]))
            min(rate({app="a"}[1m])) => min(rate({app="a"}[1m]))
            max(rate({app="a"}[1m])) => max(rate({app="a"}[1m]))
            count(rate({app="a"}[1m])) => count(rate({app="a"}[1m]))
            stddev(rate({app="a"}[1m])) => stddev(rate({app="a"}[1m]))
            stdvar(rate({app="a"}[1m])) => stdvar(rate({app="a"}[1m]))
            topk(5, rate({app="a"}[1m])) => topk(5, rate({app="a"}[1m]))
            topk by (app) (5, rate({app="a"}[1m])) => topk by (app) (5, rate({app="a"}[1m]))
            bottomk(3, rate({app="a"}[1m])) by (app) => bottomk by (app) (3, rate({app="a"}[1m]))
            sort(rate({app="a"}[1m])) => sort(rate({app="a"}[1m]))
            sort_desc(rate({app="a"}[1m])) => sort_desc(rate({app="a"}[1m]))
            approx_topk(10, rate({app="a"}[1m])) => approx_topk(10, rate({app="a"}[1m]))
            sum by () (rate({app="a"}[1m])) => sum(rate({app="a"}[1m]))
            sum without () (rate({app="a"}[1m])) => sum without () (rate({app="a"}[1m]))
            rate({app="a"}[1m]) + rate({app="b"}[1m]) * 2 => rate({app="a"}[1m]) + rate({app="b"}[1m]) * 2
            (rate({app="a"}[1m]) + rate({app="b"}[1m])) * 2 => (rate({app="a"}[1m]) + rate({app="b"}[1m])) * 2
            rate({app="a"}[1m]) > bool 10 => rate({app="a"}[1m]) > bool 10
            rate({app="a"}[1m]) == 1 or rate({app="b"}[1m]) and rate({app="c"}[1m]) unless rate({app="d"}[1m]) => rate({app="a"}[1m]) == 1 or rate({app="b"}[1m]) and rate({app="c"}[1m]) unless rate({app="d"}[1m])
            2 ^ 3 ^ 2 => 2 ^ 3 ^ 2
            1 - 2 - 3 => 1 - 2 - 3
            1 + -1 => 1 + -1
            -1.5 => -1.5
            10 % 3 / 2 => 10 % 3 / 2
            rate({app="a"}[1m]) / on (app) group_left (team) rate({app="b"}[1m]) => rate({app="a"}[1m]) / on (app) group_left (team) rate({app="b"}[1m])
            rate({app="a"}[1m]) * ignoring (pod) group_right rate({app="b"}[1m]) => rate({app="a"}[1m]) * ignoring (pod) group_right rate({app="b"}[1m])
            rate({app="a"}[1m]) - on () rate({app="b"}[1m]) => rate({app="a"}[1m]) - on () rate({app="b"}[1m])
            rate({app="a"}[1m]) >= bool on (x) group_left () rate({app="b"}[1m]) => rate({app="a"}[1m]) >= bool on (x) group_left rate({app="b"}[1m])
            vector(1) => vector(1)
            sum(rate({app="a"}[1m])) or vector(0) => sum(rate({app="a"}[1m])) or vector(0)
            label_replace(rate({app="a"}[1m]), "dst", "$1", "src", "(.*)-x") => label_replace(rate({app="a"}[1m]), "dst", "$1", "src", "(.*)-x")
            SUM BY (app) (RATE({app="a"}[1m])) => sum by (app) (rate({app="a"}[1m]))
            {app="a"} | JSON | LEVEL="x" => {app="a"} | json | LEVEL="x"
            sum(count_over_time({app="a"} |= "x" [5m] offset -1h)) => sum(count_over_time({app="a"} |= "x" [5m] offset -1h))
            count_over_time({app="a"}[1h30m]) => count_over_time({app="a"}[1h30m])
            count_over_time({app="a"}[1d]) => count_over_time({app="a"}[1d])
            count_over_time({app="a"}[500ms]) => count_over_time({app="a"}[500ms])
            {app="a"} | x > 0.000001 => {app="a"} | x>1.0E-6
            {app="a"} | x > 1e20 => {app="a"} | x>1.0E20
            {app="a"} | x > 1.5us => {app="a"} | x>0.0000015s
            {app="a"} |= "tab\\there" |= `raw\\n` => {app="a"} |= "tab\\there" |= "raw\\\\n"
            {json="a", sum="b", by="c"} | sum="x" | json="y" => {json="a", sum="b", by="c"} | sum="x" | json="y"
            {app="a"} | x=5 or y=10s or z=3KB => {app="a"} | x==5 or y==10s or z==3000B
            {app="a"} | logfmt --strict => {app="a"} | logfmt --strict
            1 - (2 - 3) => 1 - (2 - 3)
            (2 ^ 3) ^ 2 => (2 ^ 3) ^ 2
            (vector(1) or vector(2)) and vector(3) => (vector(1) or vector(2)) and vector(3)
            -1 ^ 2 => -1 ^ 2
            sum(rate({app="a"}[1m])) by (app) / ignoring (app) group_left sum(rate({app="a"}[1m])) => sum by (app) (rate({app="a"}[1m])) / ignoring (app) group_left sum(rate({app="a"}[1m]))
            rate({app="a"} |= "x" [5m] offset 1.5us) => rate({app="a"} |= "x" [5m] offset 0.0000015s)
            """;

    /** A query, then " => " and the whole error message. */
    private static final String ERRORS = """
            app="a" => parse error at line 1, col 1: syntax error: unexpected IDENTIFIER app, expecting { or ( or a number or a metric function
            {app=x} => parse error at line 1, col 6: syntax error: unexpected IDENTIFIER x, expecting STRING
            {app} => parse error at line 1, col 5: syntax error: unexpected }, expecting = or != or =~ or !~
            {app="a" env="b"} => parse error at line 1, col 10: syntax error: unexpected IDENTIFIER env, expecting , or }
            {app="a"} |= error => parse error at line 1, col 14: syntax error: unexpected IDENTIFIER error, expecting STRING
            {app="a"} |= "x" } => parse error at line 1, col 18: syntax error: unexpected }, expecting end of query
            {app="a"} |~ "(" => parse error at line 1, col 14: error parsing regexp: missing closing ): `(`
            {app=~"("} => parse error at line 1, col 7: error parsing regexp: missing closing ): `(`
            {app="a} => parse error at line 1, col 6: syntax error: unterminated quoted string
            {app="a" => parse error at line 1, col 9: syntax error: unexpected end of input, expecting , or }
            {app=~".*"} => parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will
            {} => parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will
            {app="a"} | unwrap x => parse error at line 1, col 13: syntax error: unexpected IDENTIFIER unwrap, expecting a pipeline stage (unwrap belongs inside a range aggregation such as sum_over_time({...} | unwrap x [5m]))
            {app="a"} | foo => parse error at line 1, col 13: syntax error: unexpected IDENTIFIER foo, expecting a pipeline stage (json, logfmt, regexp, pattern, unpack, a label filter, line_format, label_format, drop, keep or decolorize)
            {app="a"} | json | x > "5" => parse error at line 1, col 24: syntax error: unexpected STRING "5", expecting NUMBER or DURATION or BYTES
            {app="a"} | x =~ 5 => parse error at line 1, col 18: syntax error: unexpected NUMBER 5, expecting STRING
            {app="a"} | regexp "(\\\\w+)" => parse error at line 1, col 20: invalid regexp parser: at least one named capture must be supplied
            {app="a"} | regexp "(" => parse error at line 1, col 20: error parsing regexp: missing closing ): `(`
            {app="a"} | pattern "foo" => parse error at line 1, col 21: invalid pattern parser: at least one capture is required
            {app="a"} | pattern "<a><b>" => parse error at line 1, col 21: invalid pattern parser: found consecutive capture '<a><b>': invalid expression
            {app="a"} | pattern "<a> <a>" => parse error at line 1, col 21: invalid pattern parser: duplicate capture name (a): invalid expression
            {app="a"} |> "<a> x" => parse error at line 1, col 14: invalid pattern line filter: named captures are not allowed: found '<a>'
            {app="a"} |~ ip("1.2.3.4") => parse error at line 1, col 14: ip: invalid operation: ip() line filters take |= or !=, not |~
            {app="a"} | label_format a=b, a="x" => parse error at line 1, col 31: multiple label name 'a' not allowed in a single format operation
            sum_over_time({app="a"}[5m]) => parse error at line 1, col 1: invalid aggregation sum_over_time without unwrap
            count_over_time({app="a"} | unwrap x [5m]) => parse error at line 1, col 1: invalid aggregation count_over_time with unwrap
            bytes_rate({app="a"} | unwrap x [5m]) => parse error at line 1, col 1: invalid aggregation bytes_rate with unwrap
            rate({app="a"}[5m]) by (x) => parse error at line 1, col 1: grouping not allowed for rate aggregation
            sum_over_time({app="a"} | unwrap x [5m]) by (x) => parse error at line 1, col 1: grouping not allowed for sum_over_time aggregation
            quantile_over_time({app="a"} | unwrap x [5m]) => parse error at line 1, col 1: parameter required for operation quantile_over_time
            rate(0.5, {app="a"}[5m]) => parse error at line 1, col 6: parameter 0.5 not supported for operation rate
            topk(rate({app="a"}[5m])) => parse error at line 1, col 1: parameter required for operation topk
            topk(1.5, rate({app="a"}[5m])) => parse error at line 1, col 6: invalid parameter topk(1.5,
            topk(0, rate({app="a"}[5m])) => parse error at line 1, col 6: invalid parameter (must be greater than 0) topk(0
            sum(5, rate({app="a"}[5m])) => parse error at line 1, col 5: unsupported parameter for operation sum(5,
            sort by (x) (rate({app="a"}[5m])) => parse error at line 1, col 1: sort and sort_desc doesn't allow grouping by labels
            approx_topk by (x) (5, rate({app="a"}[5m])) => parse error at line 1, col 1: grouping not allowed for approx_topk aggregation
            sum({app="a"}) => parse error at line 1, col 5: syntax error: unexpected log query, expecting a metric expression such as count_over_time({...}[5m])
            {app="a"} + 1 => parse error at line 1, col 11: unexpected type for left leg of binary operation (+): log query
            1 and rate({app="a"}[5m]) => parse error at line 1, col 3: unexpected literal for left leg of logical/set binary operation (and): 1.000000
            rate({app="a"}[5m]) + bool 1 => parse error at line 1, col 23: bool modifier can only be used on comparison operators
            rate({app="a"}) => parse error at line 1, col 15: syntax error: unexpected ), expecting a pipeline stage or a range such as [5m]
            rate({app="a"}[5x]) => parse error at line 1, col 15: not a valid duration string: "5x" (expected for example 15s, 5m, 1h30m)
            rate({app="a"}[5m) => parse error at line 1, col 15: missing closing ']' in duration
            rate({app="a"}[5m] offset) => parse error at line 1, col 26: syntax error: unexpected ), expecting a duration such as 1h
            foo(1) => parse error at line 1, col 1: syntax error: unexpected IDENTIFIER foo, expecting { or ( or a number or a metric function
            vector(-1) => parse error at line 1, col 8: syntax error: unexpected -, expecting NUMBER
            label_replace(rate({app="a"}[5m]), "a", "b", "c", "(") => parse error at line 1, col 51: invalid regex in label_replace: error parsing regexp: missing closing ): `(`
            1e400 => parse error at line 1, col 1: unable to parse literal as a float: strconv.ParseFloat: parsing "1e400": value out of range
            {app="a"} | logfmt --bogus => parse error at line 1, col 20: syntax error: unknown flag --bogus (logfmt takes --strict and --keep-empty)
            rate({app="a"} | unwrap x | json [5m]) => parse error at line 1, col 29: syntax error: unexpected IDENTIFIER json, expecting a label filter (only label filters may follow unwrap)
            {app="a"}[5m] => parse error at line 1, col 10: syntax error: unexpected RANGE [5m], expecting end of query
            sum by (a) (rate({app="a"}[5m])) by (b) => parse error at line 1, col 34: syntax error: unexpected IDENTIFIER by, expecting end of query
            {app="a"} | drop => parse error at line 1, col 17: syntax error: unexpected end of input, expecting label name
            {app="a"} | x > 1 or => parse error at line 1, col 21: syntax error: unexpected end of input, expecting label name or (
            """;

    static Stream<Arguments> canonical() {
        return pairs(CANONICAL);
    }

    static Stream<Arguments> errors() {
        return pairs(ERRORS);
    }

    private static Stream<Arguments> pairs(String table) {
        return table.lines().filter(l -> !l.isBlank()).map(l -> {
            int split = l.indexOf(" => ");
            return Arguments.of(l.substring(0, split), l.substring(split + 4));
        });
    }

    @ParameterizedTest
    @MethodSource("canonical")
    void printsEveryConstructAsCanonicalLogQLThatParsesBackEqual(String query, String printed) throws Exception {
        LogQLExpr expr = LogQLParser.parse(query);
        assertThat(expr.toString()).isEqualTo(printed);
        assertThat(LogQLParser.parse(printed)).isEqualTo(expr);
        assertThat(LogQLParser.parse(printed).toString()).isEqualTo(printed);
    }

    @ParameterizedTest
    @MethodSource("errors")
    void reportsErrorsWithLokisWordsAndPositions(String query, String message) {
        assertThatThrownBy(() -> LogQLParser.parse(query)).isInstanceOf(LogQLParseException.class).hasMessage(message);
    }

    @Test
    void parsesSelectorAndChainedLineFilters() throws Exception {
        LogQLExpr expr = LogQLParser.parse("{app=\"api\", env=~`prod|dev`,} |= \"error\" != 'debug' |~ \"time(out)?\" or \"refused\" "
                + "!~ `^GET` |> \"<_> 500 <_>\" != ip(\"10.0.0.0/8\")");
        assertThat(expr).isEqualTo(new LogSelectorExpr(
                new StreamSelector(List.of(LabelMatcher.equal("app", "api"), LabelMatcher.regex("env", "prod|dev"))),
                List.of(LineFilter.of(LineFilter.Op.CONTAINS, "error"),
                        LineFilter.of(LineFilter.Op.NOT_CONTAINS, "debug"),
                        LineFilter.of(LineFilter.Op.MATCHES, "time(out)?", "refused"),
                        LineFilter.of(LineFilter.Op.NOT_MATCHES, "^GET"),
                        LineFilter.of(LineFilter.Op.PATTERN, "<_> 500 <_>"),
                        new LineFilter(LineFilter.Op.NOT_CONTAINS, List.of(new LineFilter.Operand("10.0.0.0/8", true))))));
    }

    @Test
    void parsesEveryStageIntoTheDocumentedRecords() throws Exception {
        LogSelectorExpr expr = LogQLParser.parseLogSelector("{app=\"a\"} | json a=\"b.c\", d | logfmt --keep-empty --strict"
                + " | regexp \"(?P<x>\\\\d+)\" | pattern \"<ip> <_>\" | unpack | line_format \"{{.x}}\""
                + " | label_format y=x, z=\"{{.a}}\" | decolorize | drop a, b=\"1\" | keep c=~\"x.*\"");
        assertThat(expr.pipeline()).containsExactly(
                new PipelineStage.JsonParser(List.of(new PipelineStage.LabelExtraction("a", "b.c"), new PipelineStage.LabelExtraction("d", "d"))),
                new PipelineStage.LogfmtParser(true, true, List.of()),
                new PipelineStage.RegexpParser("(?P<x>\\d+)"),
                new PipelineStage.PatternParser("<ip> <_>"),
                new PipelineStage.UnpackParser(),
                new PipelineStage.LineFormat("{{.x}}"),
                new PipelineStage.LabelFormat(List.of(new PipelineStage.LabelFormat.Entry("y", "x", true),
                        new PipelineStage.LabelFormat.Entry("z", "{{.a}}", false))),
                new PipelineStage.Decolorize(),
                new PipelineStage.DropLabels(List.of(new PipelineStage.NamedLabelMatcher("a", null),
                        new PipelineStage.NamedLabelMatcher("b", LabelMatcher.equal("b", "1")))),
                new PipelineStage.KeepLabels(List.of(new PipelineStage.NamedLabelMatcher("c", LabelMatcher.regex("c", "x.*")))));
    }

    @Test
    void labelFiltersBindAndTighterThanOrAndReadUnits() throws Exception {
        LabelFilter filter = labelFilter("{app=\"a\"} | d >= 20ms or m=\"GET\" and size <= 20KB, ip = ip(\"::1\") s!=-1.5");
        assertThat(filter).isEqualTo(new LabelFilter.Or(List.of(
                new LabelFilter.DurationCompare("d", LabelFilter.Comparison.GTE, Duration.ofMillis(20)),
                new LabelFilter.And(List.of(
                        new LabelFilter.StringMatch(LabelMatcher.equal("m", "GET")),
                        new LabelFilter.BytesCompare("size", LabelFilter.Comparison.LTE, 20_000),
                        new LabelFilter.IpMatch("ip", false, "::1"),
                        new LabelFilter.NumberCompare("s", LabelFilter.Comparison.NEQ, -1.5))))));
        assertThat(labelFilter("{app=\"a\"} | (a=\"1\" or b=\"2\") c=\"3\"")).isEqualTo(new LabelFilter.And(List.of(
                new LabelFilter.Or(List.of(new LabelFilter.StringMatch(LabelMatcher.equal("a", "1")),
                        new LabelFilter.StringMatch(LabelMatcher.equal("b", "2")))),
                new LabelFilter.StringMatch(LabelMatcher.equal("c", "3")))));
    }

    @Test
    void numbersAfterAComparisonAreNumericEvenWithEquals() throws Exception {
        assertThat(labelFilter("{app=\"a\"} | status = 200")).isEqualTo(new LabelFilter.NumberCompare("status", LabelFilter.Comparison.EQ, 200));
        assertThat(labelFilter("{app=\"a\"} | status = \"200\"")).isEqualTo(new LabelFilter.StringMatch(LabelMatcher.equal("status", "200")));
        assertThat(labelFilter("{app=\"a\"} | size > 1.5KiB")).isEqualTo(new LabelFilter.BytesCompare("size", LabelFilter.Comparison.GT, 1536));
        assertThat(labelFilter("{app=\"a\"} | size > 2M")).isEqualTo(new LabelFilter.BytesCompare("size", LabelFilter.Comparison.GT, 2_000_000));
        assertThat(labelFilter("{app=\"a\"} | t < 1h30m")).isEqualTo(
                new LabelFilter.DurationCompare("t", LabelFilter.Comparison.LT, Duration.ofMinutes(90)));
        assertThat(labelFilter("{app=\"a\"} | t < 1.5h")).isEqualTo(
                new LabelFilter.DurationCompare("t", LabelFilter.Comparison.LT, Duration.ofMinutes(90)));
        assertThat(labelFilter("{app=\"a\"} | t < 250us")).isEqualTo(
                new LabelFilter.DurationCompare("t", LabelFilter.Comparison.LT, Duration.ofNanos(250_000)));
    }

    @Test
    void parsesRangeAggregationsWithUnwrapOffsetAndGrouping() throws Exception {
        MetricExpr expr = LogQLParser.parseMetric("quantile_over_time(0.99, {app=\"a\"} | json | unwrap duration(latency)"
                + " | __error__=\"\" [5m] offset 1h) by (route)");
        assertThat(expr).isEqualTo(new RangeAggregationExpr(RangeAggregationExpr.Op.QUANTILE_OVER_TIME,
                new LogRange(new LogSelectorExpr(APP_A, List.of(new PipelineStage.JsonParser(List.of()))), Duration.ofMinutes(5),
                        Duration.ofHours(1), new Unwrap("latency", Unwrap.Conversion.DURATION,
                                List.of(new LabelFilter.StringMatch(LabelMatcher.equal("__error__", ""))))),
                0.99, new Grouping(false, List.of("route"))));
    }

    @Test
    void acceptsThePipelineBeforeOrAfterTheRangeAndParenthesesAsLokiDoes() throws Exception {
        LogQLExpr expected = LogQLParser.parse("sum_over_time({app=\"a\"} |= \"x\" | unwrap v [5m] offset 1m)");
        for (String variant : List.of(
                "sum_over_time({app=\"a\"}[5m] offset 1m |= \"x\" | unwrap v)",
                "sum_over_time(({app=\"a\"} |= \"x\" | unwrap v)[5m] offset 1m)",
                "sum_over_time(({app=\"a\"} |= \"x\" | unwrap v [5m] offset 1m))",
                "(sum_over_time((({app=\"a\"} |= \"x\" | unwrap v [5m] offset 1m))))")) {
            assertThat(LogQLParser.parse(variant)).as(variant).isEqualTo(expected);
        }
    }

    @Test
    void parsesVectorAggregationsWithGroupingBeforeOrAfter() throws Exception {
        LogQLExpr before = LogQLParser.parse("topk by (app) (3, rate({app=\"a\"}[1m]))");
        assertThat(LogQLParser.parse("topk(3, rate({app=\"a\"}[1m])) by (app)")).isEqualTo(before);
        assertThat(before).isEqualTo(new VectorAggregationExpr(VectorAggregationExpr.Op.TOPK,
                new RangeAggregationExpr(RangeAggregationExpr.Op.RATE,
                        new LogRange(new LogSelectorExpr(APP_A, List.of()), Duration.ofMinutes(1), Duration.ZERO, null), null, null),
                3, new Grouping(false, List.of("app"))));
        assertThat(((VectorAggregationExpr) LogQLParser.parse("sum(vector(1))")).grouping()).isEqualTo(Grouping.NONE);
    }

    @Test
    void binaryOperatorsFollowLokisPrecedenceAndAssociativity() throws Exception {
        LiteralExpr one = new LiteralExpr(1);
        LiteralExpr two = new LiteralExpr(2);
        LiteralExpr three = new LiteralExpr(3);
        assertThat(LogQLParser.parse("1 + 2 * 3")).isEqualTo(new BinaryOpExpr(BinaryOpExpr.Op.ADD, one,
                new BinaryOpExpr(BinaryOpExpr.Op.MUL, two, three, false, null), false, null));
        assertThat(LogQLParser.parse("1 - 2 - 3")).isEqualTo(new BinaryOpExpr(BinaryOpExpr.Op.SUB,
                new BinaryOpExpr(BinaryOpExpr.Op.SUB, one, two, false, null), three, false, null));
        assertThat(LogQLParser.parse("1 ^ 2 ^ 3")).isEqualTo(new BinaryOpExpr(BinaryOpExpr.Op.POW, one,
                new BinaryOpExpr(BinaryOpExpr.Op.POW, two, three, false, null), false, null));
        assertThat(LogQLParser.parse("1 > bool 2 + 3")).isEqualTo(new BinaryOpExpr(BinaryOpExpr.Op.GT, one,
                new BinaryOpExpr(BinaryOpExpr.Op.ADD, two, three, false, null), true, null));
        assertThat(LogQLParser.parse("vector(1) or vector(2) and vector(3)")).isEqualTo(new BinaryOpExpr(BinaryOpExpr.Op.OR,
                new VectorExpr(1), new BinaryOpExpr(BinaryOpExpr.Op.AND, new VectorExpr(2), new VectorExpr(3), false, null), false, null));
        assertThat(LogQLParser.parse("vector(1) / ignoring (a) group_left (b, c) vector(2)")).isEqualTo(new BinaryOpExpr(
                BinaryOpExpr.Op.DIV, new VectorExpr(1), new VectorExpr(2), false, new BinaryOpExpr.VectorMatching(false, List.of("a"),
                        BinaryOpExpr.Cardinality.MANY_TO_ONE, List.of("b", "c"))));
    }

    @Test
    void parsesLabelReplaceAndVector() throws Exception {
        assertThat(LogQLParser.parse("label_replace(vector(2), \"dst\", \"$1\", \"src\", \"(.*)\")"))
                .isEqualTo(new LabelReplaceExpr(new VectorExpr(2), "dst", "$1", "src", "(.*)"));
    }

    @Test
    void keywordsAreCaseInsensitiveAndOrdinaryLabelNamesElsewhere() throws Exception {
        assertThat(LogQLParser.parse("SUM BY (app) (COUNT_OVER_TIME({app=\"a\"} | JSON [1m]))"))
                .isEqualTo(LogQLParser.parse("sum by (app) (count_over_time({app=\"a\"} | json [1m]))"));
        LogSelectorExpr expr = LogQLParser.parseLogSelector("{sum=\"a\", json=\"b\"} | json=\"x\" | rate > 1 | keep by");
        assertThat(expr.pipeline()).containsExactly(
                new PipelineStage.LabelFilterStage(new LabelFilter.StringMatch(LabelMatcher.equal("json", "x"))),
                new PipelineStage.LabelFilterStage(new LabelFilter.NumberCompare("rate", LabelFilter.Comparison.GT, 1)),
                new PipelineStage.KeepLabels(List.of(new PipelineStage.NamedLabelMatcher("by", null))));
    }

    @Test
    void countsLinesAndColumnsAcrossNewlines() {
        assertThatThrownBy(() -> LogQLParser.parse("{app=\"a\"}\n  |= 42")).hasMessageStartingWith("parse error at line 2, col 6:");
        assertThatThrownBy(() -> LogQLParser.parse("sum(\n  rate({app=\"a\"}[1m])\n) by (x) +")).hasMessage(
                "parse error at line 3, col 11: syntax error: unexpected end of input, expecting { or ( or a number or a metric function");
    }

    @Test
    void theTypedEntryPointsRefuseTheOtherKind() {
        assertThatThrownBy(() -> LogQLParser.parseLogSelector("rate({app=\"a\"}[1m])")).isInstanceOf(LogQLParseException.class)
                .hasMessage("only log selector is supported");
        assertThatThrownBy(() -> LogQLParser.parseMetric("{app=\"a\"}")).isInstanceOf(LogQLParseException.class)
                .hasMessage("only sample expression supported");
    }

    @Test
    void refusesQueriesAsLongAsLokisLimit() {
        String query = "{app=\"" + "a".repeat(LogQLParser.MAX_INPUT_SIZE) + "\"}";
        assertThatThrownBy(() -> LogQLParser.parse(query)).hasMessage("parse error : input size too long (" + query.length() + " > 131072)");
    }

    private static LabelFilter labelFilter(String query) throws LogQLParseException {
        return ((PipelineStage.LabelFilterStage) LogQLParser.parseLogSelector(query).pipeline().get(0)).filter();
    }
}
