package dev.panoptes.metrics.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parses the query of every {@code eval} in Prometheus' PromQL test scripts, and checks that
 * printing and reparsing each gives the same tree. Until the script runner and engine exist this
 * is the parser's broadest check; no query may fail to parse.
 */
class ConformanceQueriesParseTest {

    private static final Pattern EVAL = Pattern.compile(
            "^\\s*eval(?:_fail|_warn|_info|_ordered)?\\s+(?:instant\\s+at\\s+\\S+|range\\s+from\\s+\\S+\\s+to\\s+\\S+\\s+step\\s+\\S+)\\s+(.*)$");

    /**
     * Evals whose query does not parse. Every query of the scripts parses, experimental syntax
     * included (duration expressions, fill modifiers, anchored/smoothed, trim operators), so
     * any failure is a regression.
     */
    private static final int MAX_UNPARSED = 0;

    @Test
    void everyEvalQueryParsesAndRoundTrips() throws IOException {
        String shared = System.getProperty("panoptes.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "conformance", "promql", "testdata");
        assumeTrue(dir != null && Files.isDirectory(dir),
                "PromQL test scripts not found: ../shared/conformance/promql/testdata is absent (panoptes.shared.dir="
                        + shared + ")");
        int parsed = 0;
        List<String> unparsed = new ArrayList<>();
        List<String> roundTripFailures = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = EVAL.matcher(lines.get(i));
                    if (!m.matches() || lines.get(i).trim().startsWith("eval_fail")) {
                        continue;
                    }
                    String where = file.getFileName() + ":" + (i + 1);
                    Expr e;
                    try {
                        e = Parser.parse(m.group(1));
                    } catch (ParseException ex) {
                        unparsed.add(where + " " + ex.getMessage());
                        continue;
                    }
                    parsed++;
                    String printed = Printer.print(e);
                    try {
                        Expr again = Parser.parse(printed);
                        if (!Printer.print(again).equals(printed)) {
                            roundTripFailures.add(where + " " + printed);
                        }
                    } catch (ParseException ex) {
                        roundTripFailures.add(where + " " + printed + " -> " + ex.getMessage());
                    }
                }
            }
        }
        System.out.println("PromQL script queries: " + parsed + " parsed, " + unparsed.size() + " not parsed");
        unparsed.forEach(u -> System.out.println("  not parsed: " + u));
        assertEquals(List.of(), roundTripFailures);
        assumeTrue(parsed > 0);
        if (unparsed.size() > MAX_UNPARSED) {
            throw new AssertionError(unparsed.size() + " script queries do not parse (at most " + MAX_UNPARSED
                    + " allowed):\n" + String.join("\n", unparsed));
        }
    }
}
