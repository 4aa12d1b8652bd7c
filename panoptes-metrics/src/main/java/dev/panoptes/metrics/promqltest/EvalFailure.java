package dev.panoptes.metrics.promqltest;

/**
 * One eval that did not pass: where it is ({@code line} 1-based, 0 for the file as a whole), its
 * query, and what differed or failed.
 */
public record EvalFailure(String file, int line, String query, String detail) {

    /** {@code file:line: query: detail}, the form an engine developer can jump to. */
    public String describe() {
        return file + ":" + line + ": " + (query == null ? "" : query + ": ") + detail;
    }
}
