package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import java.util.List;

/**
 * What a scan reads: the streams the matchers select (all for an empty list), their entries with
 * {@code from <= t <= to} (nanoseconds) whose lines pass every {@link LineCondition}, in time
 * order forward or backward.
 */
public record ScanRequest(List<LabelMatcher> matchers, long from, long to, List<LineCondition> lineConditions, boolean backward) {

    public ScanRequest {
        matchers = List.copyOf(matchers);
        lineConditions = List.copyOf(lineConditions);
    }
}
