package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.List;

/**
 * A request to delete log lines (Loki's delete API): the lines of the streams the selector
 * matches, with {@code startNanos <= t <= endNanos}, that pass every line condition (all of them
 * when there is none). {@code query} is the LogQL the request was made with, kept to show it back.
 * Received requests hide their lines from reads; processing removes the lines from the blocks.
 */
public record DeleteRequest(String requestId, String query, List<LabelMatcher> selector, List<LineCondition> lineConditions,
                            long startNanos, long endNanos, long createdAtMillis, Status status) {

    /** Loki's two states of a whole request. */
    public enum Status {
        RECEIVED("received"), PROCESSED("processed");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        /** As Loki writes it. */
        public String text() {
            return text;
        }
    }

    public DeleteRequest {
        selector = List.copyOf(selector);
        lineConditions = List.copyOf(lineConditions);
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("a delete request ends before it starts");
        }
    }

    boolean selects(Labels stream) {
        for (LabelMatcher m : selector) {
            String value = stream.get(m.name());
            if (!m.matches(value == null ? "" : value)) {
                return false;
            }
        }
        return true;
    }

    DeleteRequest processed() {
        return new DeleteRequest(requestId, query, selector, lineConditions, startNanos, endNanos, createdAtMillis, Status.PROCESSED);
    }
}
