package dev.panoptes.metrics.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs Prometheus' own PromQL test scripts (from the shared folder) against the engine and the
 * TSDB, and holds every file to its checked-in pass count in {@code conformance-baseline.txt}, a
 * ratchet that only goes up. When a file passes more evals than its baseline, the test prints the
 * lines to paste into the baseline.
 */
class PromqlConformanceTest {

    private static final String BASELINE = "conformance-baseline.txt";
    private static final int FAILURES_SHOWN_PER_FILE = 3;

    @Test
    void noScriptPassesFewerEvalsThanItsBaseline() throws IOException {
        assertNoRegression(PromqlConformance.withScriptSettings());
    }

    /** The same scripts with every selection split between four threads, however few its series. */
    @Test
    void parallelEvaluationPassesTheSameEvals() throws IOException {
        assertNoRegression(PromqlConformance.withScriptSettings(4, 1));
    }

    private static void assertNoRegression(PromqlConformance runner) throws IOException {
        String shared = System.getProperty("panoptes.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "conformance", "promql", "testdata");
        assumeTrue(dir != null && Files.isDirectory(dir),
                "PromQL test scripts not found: ../shared/conformance/promql/testdata is absent (panoptes.shared.dir="
                        + shared + ")");
        Map<String, Integer> baseline = baseline();
        List<FileResult> results = new ArrayList<>();
        List<String> regressions = new ArrayList<>();
        boolean improved = false;
        for (Path file : PromqlConformance.scripts(dir)) {
            FileResult r = runner.run(file);
            results.add(r);
            System.out.println(r.summaryLine());
            r.failures().stream().limit(FAILURES_SHOWN_PER_FILE).forEach(f -> System.out.println("    " + f.describe()));
            int floor = baseline.getOrDefault(r.file(), 0);
            if (r.passed() < floor) {
                regressions.add(r.file() + ": " + r.passed() + " passed, baseline " + floor);
            }
            improved |= r.passed() > floor;
        }
        System.out.println(FileResult.totalLine(results));
        if (improved) {
            System.out.println("More evals pass than the baseline records; new " + BASELINE + " lines to paste:");
            for (FileResult r : results) {
                System.out.println(r.file() + " " + Math.max(r.passed(), baseline.getOrDefault(r.file(), 0)));
            }
        }
        assertThat(regressions).as("scripts that pass fewer evals than their baseline in " + BASELINE).isEmpty();
    }

    private static Map<String, Integer> baseline() throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        try (InputStream in = PromqlConformanceTest.class.getResourceAsStream(BASELINE)) {
            assertThat(in).as(BASELINE + " on the test class path").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+");
                out.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        return out;
    }
}
