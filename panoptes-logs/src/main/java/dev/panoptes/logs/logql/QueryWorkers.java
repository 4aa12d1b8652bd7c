package dev.panoptes.logs.logql;

import dev.panoptes.logs.store.StreamCursor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Threads that help a query read its streams: the query's own thread reads streams too, and up
 * to {@link #helpers()} pool threads join it, each taking the next unread stream (largest first)
 * until none is left, so that one big query uses the machine's cores. A helper that has not
 * started by the time the query's thread runs out of streams is called off, so a busy pool only
 * means less help, never a wait. The pool is shared by all queries; its threads are daemons.
 * Thread-safe.
 */
public final class QueryWorkers {

    private static final QueryWorkers NONE = new QueryWorkers(null, 0);

    /** Made on first use, with one helper for each core beyond the first. */
    private static final class Shared {
        static final QueryWorkers POOL = of(Runtime.getRuntime().availableProcessors() - 1);
    }

    private final ExecutorService pool;
    private final int helpers;
    /** Streams the helpers read, over every query (for tests). */
    private final LongAdder helped = new LongAdder();

    private QueryWorkers(ExecutorService pool, int helpers) {
        this.pool = pool;
        this.helpers = helpers;
    }

    /** No helpers: every stream is read by the query's own thread. */
    public static QueryWorkers none() {
        return NONE;
    }

    /** A pool of its own with {@code helpers} threads (for tests and benchmarks). */
    public static QueryWorkers of(int helpers) {
        if (helpers <= 0) {
            return NONE;
        }
        AtomicInteger n = new AtomicInteger();
        return new QueryWorkers(Executors.newFixedThreadPool(helpers, r -> {
            Thread t = new Thread(r, "log-query-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }), helpers);
    }

    /** The process's pool: one helper for each core beyond the first. */
    public static QueryWorkers shared() {
        return Shared.POOL;
    }

    /** How many pool threads may join one query. */
    public int helpers() {
        return helpers;
    }

    /** How many streams helpers have read so far, over every query. */
    long streamsReadByHelpers() {
        return helped.sum();
    }

    /** Reads one stream into a reader's own state. */
    @FunctionalInterface
    interface StreamReader<S> {
        void read(S state, StreamCursor stream);
    }

    /**
     * Reads every cursor once, on the calling thread and on helpers that start in time, each
     * reader into a state of its own from {@code newState} (called on the helpers' threads
     * too, so it must be thread-safe). Returns when every reader that
     * started is done, with their states (the caller's first); the first failure of any reader
     * is rethrown then, after the others stopped at their next stream.
     */
    <S> List<S> readAll(List<StreamCursor> cursors, Supplier<S> newState, StreamReader<S> reader) {
        int joining = Math.max(0, Math.min(helpers, cursors.size() - 1));
        List<StreamCursor> ordered = cursors;
        if (joining > 0) {
            // Largest first, so that no big stream is left for last while the other readers sit
            // idle; alone, the caller reads them in the scan's order.
            ordered = new ArrayList<>(cursors);
            ordered.sort(Comparator.comparingInt(StreamCursor::pieces).reversed());
        }
        Work<S> work = new Work<>(ordered, reader);
        List<Helper<S>> started = new ArrayList<>(joining);
        for (int i = 0; i < joining; i++) {
            Helper<S> helper = new Helper<>(work, newState, helped);
            started.add(helper);
            pool.execute(helper);
        }
        List<S> states = new ArrayList<>(joining + 1);
        S own = newState.get();
        states.add(own);
        try {
            work.drain(own);
        } catch (RuntimeException | Error e) {
            work.fail(e);
        }
        for (Helper<S> helper : started) {
            if (helper.claim()) {
                // Never started: nothing to wait for.
                continue;
            }
            helper.await();
            if (helper.state != null) {
                states.add(helper.state);
            }
        }
        work.rethrow();
        return states;
    }

    /** The cursors still to read, and the first failure. */
    private static final class Work<S> {
        final List<StreamCursor> cursors;
        final StreamReader<S> reader;
        final AtomicInteger next = new AtomicInteger();
        volatile Throwable failure;

        Work(List<StreamCursor> cursors, StreamReader<S> reader) {
            this.cursors = cursors;
            this.reader = reader;
        }

        /** Reads streams until none is left or a reader failed; returns how many it read. */
        int drain(S state) {
            int read = 0;
            int i;
            while (failure == null && (i = next.getAndIncrement()) < cursors.size()) {
                reader.read(state, cursors.get(i));
                read++;
            }
            return read;
        }

        synchronized void fail(Throwable t) {
            if (failure == null) {
                failure = t;
            }
        }

        void rethrow() {
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    private static final class Helper<S> implements Runnable {
        final Work<S> work;
        final Supplier<S> newState;
        final LongAdder helped;
        final AtomicBoolean claimed = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
        /** Made when the helper starts (one called off never needs it); read after {@link #await}. */
        S state;

        Helper(Work<S> work, Supplier<S> newState, LongAdder helped) {
            this.work = work;
            this.newState = newState;
            this.helped = helped;
        }

        /** Claims the helper for the query's thread: true when it had not started, and now never will. */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                state = newState.get();
                helped.add(work.drain(state));
            } catch (RuntimeException | Error e) {
                work.fail(e);
            } finally {
                done.countDown();
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
