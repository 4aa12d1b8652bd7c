package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.MatchType;
import java.util.List;

/**
 * What a scan reads: the streams the matchers select (all for an empty list), their entries with
 * {@code from <= t <= to} (nanoseconds) whose lines pass every {@link LineCondition}, in time
 * order forward or backward. {@code check} is asked before each chunk the scan fetches.
 *
 * <p>{@code labelEqualities} are {@code name="value"} equalities that every entry the caller
 * keeps satisfies with its stream labels or structured metadata (a LogQL label filter ahead of
 * every parser): in a stream without the label, a chunk whose bloom shows no metadata value
 * holding {@code value} is skipped. The scan does not test them on the entries it hands out.
 */
public record ScanRequest(List<LabelMatcher> matchers, long from, long to, List<LineCondition> lineConditions, boolean backward,
                          ReadCheck check, List<LabelMatcher> labelEqualities) {

    public ScanRequest {
        matchers = List.copyOf(matchers);
        lineConditions = List.copyOf(lineConditions);
        labelEqualities = List.copyOf(labelEqualities);
        for (LabelMatcher m : labelEqualities) {
            if (m.type() != MatchType.EQUAL) {
                throw new IllegalArgumentException("a label equality hint must be name=\"value\", not " + m);
            }
        }
    }

    /** A request without label equalities. */
    public ScanRequest(List<LabelMatcher> matchers, long from, long to, List<LineCondition> lineConditions, boolean backward,
                       ReadCheck check) {
        this(matchers, from, to, lineConditions, backward, check, List.of());
    }

    /** A request whose reads always run to their end. */
    public ScanRequest(List<LabelMatcher> matchers, long from, long to, List<LineCondition> lineConditions, boolean backward) {
        this(matchers, from, to, lineConditions, backward, ReadCheck.NONE);
    }
}
