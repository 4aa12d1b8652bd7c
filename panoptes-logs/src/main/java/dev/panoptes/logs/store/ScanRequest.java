package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import java.util.List;

/**
 * What a scan reads: the streams the matchers select (all for an empty list), their entries with
 * {@code from <= t <= to} (nanoseconds) whose lines pass every {@link LineCondition}, in time
 * order forward or backward. {@code check} is asked before each chunk the scan fetches.
 */
public record ScanRequest(List<LabelMatcher> matchers, long from, long to, List<LineCondition> lineConditions, boolean backward,
                          ReadCheck check) {

    public ScanRequest {
        matchers = List.copyOf(matchers);
        lineConditions = List.copyOf(lineConditions);
    }

    /** A request whose reads always run to their end. */
    public ScanRequest(List<LabelMatcher> matchers, long from, long to, List<LineCondition> lineConditions, boolean backward) {
        this(matchers, from, to, lineConditions, backward, ReadCheck.NONE);
    }
}
