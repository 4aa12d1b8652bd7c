package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import java.io.IOException;
import java.util.List;

/**
 * One tenant's delete requests, what the delete API needs of the store: requests are recorded
 * durably before {@link #requestDelete} returns, and from then on reads leave their lines out;
 * the store removes the lines from its blocks once a request is older than the cancel period.
 *
 * <p>Implementations are thread-safe.
 */
public interface LogDeletes {

    /** Records a request to delete, created now; the lines are hidden from reads at once. */
    DeleteRequest requestDelete(String query, List<LabelMatcher> selector, List<LineCondition> lineConditions, long startNanos, long endNanos)
            throws IOException;

    /** Every request not cancelled, oldest first. */
    List<DeleteRequest> deleteRequests();

    /** Removes a request that is not processed yet; false when there is no such request or it is processed. */
    boolean cancelDelete(String requestId) throws IOException;
}
