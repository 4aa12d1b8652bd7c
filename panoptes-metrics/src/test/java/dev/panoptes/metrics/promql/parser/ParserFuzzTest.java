package dev.panoptes.metrics.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Throws random and malformed queries at the parser: each must either parse (and then print to
 * text that parses to the same tree) or fail with a {@link ParseException}; nothing else may
 * escape, since the API turns anything else into a 500.
 */
class ParserFuzzTest {

    private static final String[] FRAGMENTS = {
        "foo", "bar_total", "{", "}", "(", ")", "[", "]", "[5m]", "[5m:1m]", ",", ":", "=", "!=", "=~", "!~",
        "\"x\"", "'y'", "`z`", "\"", "+", "-", "*", "/", "%", "^", "==", "<", ">=", "and", "or", "unless",
        "bool", "on", "ignoring", "group_left", "group_right", "by", "without", "sum", "topk", "quantile",
        "count_values", "rate", "label_replace", "histogram_quantile", "time", "offset", "@", "start()",
        "end()", "1", "1.5", "0x1F", "1e3", "Inf", "NaN", "5m", "1h30m", "-5m", "#", "\n", " ", "atan2",
        "{job=\"a\"}", "le", "\\", "\"\\x", "0x", "1e", "..", "__name__", "ms", "offset -1h",
        "anchored", "smoothed", "fill(0)", "fill_left(1)", "fill_right", "</", ">/", "step()", "range()",
        "min_of(", "max_of(1m, step())", "[5m+1m]", "[step()*2:range()]", "offset (1m*2)", "offset -(1m)", "%",
    };

    @Test
    void randomQueriesParseOrFailWithParseException() {
        Random random = new Random(20261124L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder q = new StringBuilder();
            int n = 1 + random.nextInt(12);
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
            "sum by (job) (rate(http_requests_total{job=~\"api|web\"}[5m] offset 1m))",
            "histogram_quantile(0.9, sum without (instance) (rate(x_bucket[5m])))",
            "a + on (x) group_left (y) b > bool 3",
            "max_over_time(deriv(foo[1m])[30m:1m] @ end())",
            "label_join(up, \"d\", \",\", \"a\", \"b\") or vector(1)",
            "sum_over_time(foo[29s+1s:min_of(step(), 1m)*2] offset -(1m % 7s)) + fill_left(0) fill_right(-1) bar",
            "increase(foo[2m*(10+5)] anchored) </ on (x) rate(bar[range()] smoothed @ start())",
        };
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder q = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && q.length() > 0; e++) {
                int at = random.nextInt(q.length());
                switch (random.nextInt(3)) {
                    case 0 -> q.deleteCharAt(at);
                    case 1 -> q.insert(at, (char) (32 + random.nextInt(95)));
                    default -> q.setCharAt(at, (char) random.nextInt(0x3000));
                }
            }
            check(q.toString());
        }
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        assertThrows(ParseException.class, () -> Parser.parse(deep));
        assertThrows(ParseException.class, () -> Parser.parse("-".repeat(100_000) + "1"));
        assertThrows(ParseException.class, () -> Parser.parse("abs(".repeat(50_000) + "foo" + ")".repeat(50_000)));
        assertThrows(ParseException.class, () -> Parser.parse("foo[" + "(".repeat(100_000) + "1" + ")".repeat(100_000) + "]"));
        assertThrows(ParseException.class, () -> Parser.parse("foo[" + "2^".repeat(100_000) + "1]"));
        assertThrows(ParseException.class, () -> Parser.parse("foo offset " + "-(".repeat(100_000) + "1"));
    }

    private static void check(String query) {
        Expr e;
        try {
            e = Parser.parse(query);
        } catch (ParseException expected) {
            return;
        }
        String printed = Printer.print(e);
        Expr again;
        try {
            again = Parser.parse(printed);
        } catch (ParseException ex) {
            throw new AssertionError("query " + query + " printed as " + printed + " fails: " + ex.getMessage());
        }
        assertEquals(e, again, () -> "query " + query + " printed as " + printed);
    }
}
