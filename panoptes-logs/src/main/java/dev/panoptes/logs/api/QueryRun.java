package dev.panoptes.logs.api;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.logs.store.ReadCheck;
import io.netty.util.AttributeKey;

/**
 * One request's right to keep reading: stopped when the client goes away or the query timeout
 * passes. Scans call {@link #check} between chunks and every few thousand lines, so a stopped
 * query lets go of its thread and memory instead of finishing work nobody reads.
 *
 * <p>Thread-safe: stopped from Armeria's event loop, checked on the query's thread.
 */
final class QueryRun implements ReadCheck {

    private static final AttributeKey<QueryRun> KEY = AttributeKey.valueOf(QueryRun.class, "run");

    private final long deadlineNanos;
    private volatile boolean cancelled;

    QueryRun(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Makes {@code run} the one of the request in {@code ctx}. */
    static void attach(ServiceRequestContext ctx, QueryRun run) {
        ctx.setAttr(KEY, run);
    }

    /** The run of the request in {@code ctx}; one that never stops when none was attached. */
    static QueryRun of(ServiceRequestContext ctx) {
        QueryRun run = ctx.attr(KEY);
        return run != null ? run : new QueryRun(Long.MAX_VALUE);
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public void check() {
        if (cancelled) {
            throw new QueryStoppedException(false);
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new QueryStoppedException(true);
        }
    }

    /** Thrown by {@link #check} once a query must stop; carries whether the deadline was the cause. */
    static final class QueryStoppedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final boolean timedOut;

        QueryStoppedException(boolean timedOut) {
            super(timedOut ? "query timed out" : "query cancelled by the client", null, false, false);
            this.timedOut = timedOut;
        }
    }
}
