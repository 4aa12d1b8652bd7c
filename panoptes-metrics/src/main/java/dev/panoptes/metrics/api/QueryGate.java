package dev.panoptes.metrics.api;

import dev.panoptes.core.tenant.TenantId;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-tenant admission of queries: at most {@code maxConcurrent} run at once, at most
 * {@code queueSize} wait in arrival order, and a query beyond both is refused at once, so that
 * one tenant's dashboard storm neither starves the others nor piles up without bound.
 * Non-blocking (admission is a future, completed on the releasing thread); thread-safe.
 */
final class QueryGate {

    /** A running slot; released exactly once, which hands it to the oldest waiter still waiting. */
    interface Permit {
        void release();
    }

    private final int maxConcurrent;
    private final int queueSize;
    private final Map<TenantId, TenantSlots> tenants = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();

    QueryGate(int maxConcurrent, int queueSize) {
        this.maxConcurrent = maxConcurrent;
        this.queueSize = queueSize;
    }

    /**
     * A permit for {@code tenant}: completed now when a slot is free, later when one frees up,
     * or failed now with {@link ApiErrorType#UNAVAILABLE} when the queue is full. Cancelling the
     * returned future leaves the queue.
     */
    CompletableFuture<Permit> admit(TenantId tenant) {
        return tenants.computeIfAbsent(tenant, t -> new TenantSlots(t)).admit();
    }

    /** Queries of {@code tenant} running now (for tests and self-metrics). */
    int running(TenantId tenant) {
        TenantSlots slots = tenants.get(tenant);
        return slots == null ? 0 : slots.running();
    }

    /** Queries refused because their tenant's slots and queue were full, since start. */
    long refused() {
        return refused.sum();
    }

    /** Queries running now, over every tenant. */
    int runningTotal() {
        int total = 0;
        for (TenantSlots slots : tenants.values()) {
            total += slots.running();
        }
        return total;
    }

    /** Queries of {@code tenant} waiting for a slot now. */
    int queued(TenantId tenant) {
        TenantSlots slots = tenants.get(tenant);
        return slots == null ? 0 : slots.queued();
    }

    private final class TenantSlots {
        private final TenantId tenant;
        private final ArrayDeque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
        private int running;

        TenantSlots(TenantId tenant) {
            this.tenant = tenant;
        }

        synchronized int running() {
            return running;
        }

        synchronized int queued() {
            waiting.removeIf(CompletableFuture::isDone);
            return waiting.size();
        }

        CompletableFuture<Permit> admit() {
            CompletableFuture<Permit> admitted = new CompletableFuture<>();
            synchronized (this) {
                if (running < maxConcurrent) {
                    running++;
                    admitted.complete(new OnePermit());
                    return admitted;
                }
                waiting.removeIf(CompletableFuture::isDone);
                if (waiting.size() >= queueSize) {
                    refused.increment();
                    admitted.completeExceptionally(new ApiException(ApiErrorType.UNAVAILABLE,
                            "too many queries for tenant " + tenant.value() + ": " + running + " running and " + waiting.size()
                                    + " queued, the limits of query.max_concurrent and query.queue_size; retry later"));
                    return admitted;
                }
                waiting.add(admitted);
            }
            return admitted;
        }

        /** Passes the slot to the oldest waiter that has not given up, or frees it. */
        void handOver() {
            while (true) {
                CompletableFuture<Permit> next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null) {
                        running--;
                        return;
                    }
                }
                // Completed outside the lock: the waiter's continuation may run on this thread.
                if (next.complete(new OnePermit())) {
                    return;
                }
            }
        }

        private final class OnePermit implements Permit {
            private boolean released;

            @Override
            public synchronized void release() {
                if (!released) {
                    released = true;
                    handOver();
                }
            }
        }
    }
}
