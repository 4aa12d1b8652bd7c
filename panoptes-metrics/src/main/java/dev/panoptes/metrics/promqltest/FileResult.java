package dev.panoptes.metrics.promqltest;

import java.util.List;

/** The outcome of one script: pass and fail counts and each failure in file order. Immutable. */
public record FileResult(String file, int passed, int failed, List<EvalFailure> failures) {

    public FileResult {
        failures = List.copyOf(failures);
    }

    /** {@code <file>: N passed, M failed}. */
    public String summaryLine() {
        return file + ": " + passed + " passed, " + failed + " failed";
    }

    /** {@code N passed, M failed} over all results. */
    public static String totalLine(List<FileResult> results) {
        int passed = 0;
        int failed = 0;
        for (FileResult r : results) {
            passed += r.passed();
            failed += r.failed();
        }
        return passed + " passed, " + failed + " failed";
    }
}
