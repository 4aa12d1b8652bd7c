package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Throws random and mutated queries at the parser: each must either parse (and then print to
 * text that parses to an equal tree and prints the same) or fail with a
 * {@link LogQLParseException}. Nothing else may escape, since the API would turn it into a 500,
 * and deep nesting must be refused rather than overflow the stack.
 */
class LogQLParserFuzzTest {

    private static final String[] FRAGMENTS = {
        "{", "}", "(", ")", "[", "]", "[5m]", "[1h30m]", "[0]", "[5x]", ",", "=", "!=", "=~", "!~", "==", ">", ">=", "<", "<=",
        "|=", "|~", "|>", "!>", "|", "+", "-", "*", "/", "%", "^", "#", "\n", " ", "\"x\"", "'y'", "`z`", "\"", "\"(\"",
        "\"<_> a <_>\"", "\"<a>\"", "\"(?P<x>\\\\d+)\"", "app", "{app=\"a\"}", "{app=~\".*\"}", "__error__", "and", "or", "unless",
        "bool", "on", "ignoring", "group_left", "group_right", "by", "without", "offset", "unwrap", "bytes(", "duration(",
        "duration_seconds(", "json", "logfmt", "--strict", "--keep-empty", "--bogus", "regexp", "pattern", "unpack", "line_format",
        "label_format", "decolorize", "drop", "keep", "ip(", "ip(\"10.0.0.0/8\")", "sum", "avg", "count", "topk", "bottomk", "sort",
        "sort_desc", "approx_topk", "rate", "rate_counter", "count_over_time", "bytes_rate", "sum_over_time",
        "quantile_over_time", "absent_over_time", "first_over_time", "vector", "label_replace", "1", "0.5", "-2", "1e3",
        "1e400", "5m", "-5m", "1.5h", "250ms", "1KB", "1.5KiB", "10M", "0x1F", ".5", "..", "µs", "\\", "\"\\x",
    };

    @Test
    void randomQueriesParseOrFailWithParseException() {
        Random random = new Random(20260822L);
        for (int i = 0; i < 30_000; i++) {
            StringBuilder q = new StringBuilder();
            int n = 1 + random.nextInt(14);
            for (int j = 0; j < n; j++) {
                q.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                if (random.nextBoolean()) {
                    q.append(' ');
                }
            }
            check(q.toString());
        }
    }

    @Test
    void mutatedValidQueriesParseOrFailWithParseException() {
        String[] seeds = {
            "sum by (app) (rate({app=\"a\", env=~\"prod|dev\"} |= \"x\" or \"y\" | json a=\"b.c\" | a > 5 [5m] offset 1h))",
            "quantile_over_time(0.99, {app=\"a\"} | logfmt --strict | unwrap duration(latency) | __error__=\"\" [5m]) by (route)",
            "topk(3, sum(rate({app=\"a\"} | pattern \"<ip> - <_>\" | ip=ip(\"10.0.0.0/8\") [1m])) by (ip)) > bool 10",
            "{app=\"a\"} |~ `\\d+` !> \"<_> debug\" | label_format x=y, z=\"{{.a}}\" | line_format \"{{.x}}\" | drop a, b=\"c\"",
            "rate({app=\"a\"}[1m]) / on (app) group_left (team) sum without (pod) (count_over_time({app=\"b\"}[1m])) or vector(0)",
            "label_replace(sum_over_time({app=\"a\"} | json | unwrap bytes(size) [5m]), \"d\", \"$1\", \"s\", \"(.*)\") ^ 2 ^ -1",
            "{app=\"a\"} | d >= 20ms or (m=\"GET\" and size <= 20KB), s!=-1.5 | keep a | decolorize | unpack",
        };
        Random random = new Random(7);
        for (int i = 0; i < 30_000; i++) {
            StringBuilder q = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && q.length() > 0; e++) {
                int at = random.nextInt(q.length());
                switch (random.nextInt(4)) {
                    case 0 -> q.deleteCharAt(at);
                    case 1 -> q.insert(at, (char) (32 + random.nextInt(95)));
                    case 2 -> q.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                    default -> q.setCharAt(at, (char) random.nextInt(0x3000));
                }
            }
            check(q.toString());
        }
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        int n = 50_000;
        assertRefused("(".repeat(n) + "1" + ")".repeat(n));
        assertRefused("sum(".repeat(n) + "vector(1)" + ")".repeat(n));
        assertRefused("2^".repeat(n) + "1");
        assertRefused("1" + "+1".repeat(n));
        assertRefused("{app=\"a\"} | " + "(".repeat(n) + "a=\"1\"" + ")".repeat(n));
        assertRefused("rate(" + "(".repeat(n) + "{app=\"a\"}[1m]" + ")".repeat(n) + ")");
    }

    @Test
    void longFlatChainsWithinTheLimitsParseAndPrint() throws Exception {
        String filters = "{app=\"a\"} | " + "a=\"1\" or ".repeat(5_000) + "b=\"2\"";
        LogQLExpr expr = LogQLParser.parse(filters);
        assertThat(LogQLParser.parse(expr.toString())).isEqualTo(expr);
        String sums = "vector(1)" + " + vector(1)".repeat(TokenCursor.MAX_BINARY_OPERATIONS);
        expr = LogQLParser.parse(sums);
        assertThat(LogQLParser.parse(expr.toString())).isEqualTo(expr);
    }

    private static void assertRefused(String query) {
        assertThatThrownBy(() -> LogQLParser.parse(query)).isInstanceOf(LogQLParseException.class);
    }

    private static void check(String query) {
        LogQLExpr expr;
        try {
            expr = LogQLParser.parse(query);
        } catch (LogQLParseException expected) {
            return;
        }
        String printed = expr.toString();
        LogQLExpr again;
        try {
            again = LogQLParser.parse(printed);
        } catch (LogQLParseException e) {
            throw new AssertionError("query " + query + " printed as " + printed + " fails: " + e.getMessage(), e);
        }
        assertThat(again).as("query %s printed as %s", query, printed).isEqualTo(expr);
        assertThat(again.toString()).as("query %s", query).isEqualTo(printed);
    }
}
