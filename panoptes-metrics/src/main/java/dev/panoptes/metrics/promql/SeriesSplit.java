package dev.panoptes.metrics.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One data-parallel section of a query: items {@code [0, n)} (the series of a selection) cut
 * into consecutive blocks that the query's own thread and helpers from the shared {@link
 * EvaluationPool} claim in order until none is left. The query's thread always takes part, so
 * the section finishes even when every helper is busy with other queries.
 *
 * <p>{@link #run} returns only once no helper is working on the section any more, whether it
 * ended normally or not: helpers that had not started are taken off the pool's queue, and those
 * that start late find the section closed and do nothing. A throwing item stops the section (no
 * more items are started) and the failure of the lowest block is rethrown; the query's thread
 * being interrupted while it waits cancels the evaluation and fails with {@link
 * ErrorType#CANCELED}. The caller keeps results in arrays by item index, which this class makes
 * visible to it when {@link #run} returns; anything that depends on order (the sample budget,
 * annotations) it replays in item order afterwards.
 */
final class SeriesSplit {

    /**
     * The work of one item. The items of one block run in index order on one thread, so the
     * caller may keep per-block state (an iterator to reuse, annotations) indexed by {@code block}.
     */
    @FunctionalInterface
    interface Item {
        void run(int block, int item);
    }

    /** Blocks per thread: more than one, so that a thread slowed by the machine does not hold up the rest. */
    private static final int BLOCKS_PER_THREAD = 4;

    private final Evaluation ev;
    private final int n;
    private final int parallelism;
    private final int blockSize;
    private final int blocks;
    /** Set by {@link #run} before any helper is submitted, which publishes it to them. */
    private Item item;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean stopped;

    // Guarded by this.
    private int running;
    private boolean closed;
    private Throwable failure;
    private int failedBlock = Integer.MAX_VALUE;

    /** A section over {@code n} items for {@code ev}'s parallelism; {@link #run} starts it. */
    SeriesSplit(Evaluation ev, int n) {
        this.ev = ev;
        this.n = n;
        this.parallelism = ev.settings.parallelism();
        this.blockSize = Math.max(1, ceilDiv(n, parallelism * BLOCKS_PER_THREAD));
        this.blocks = ceilDiv(n, blockSize);
    }

    /** Whether a selection of {@code n} series is split under {@code settings}. */
    static boolean worthSplitting(EngineSettings settings, int n) {
        return settings.parallelism() > 1 && n >= settings.splitThreshold() && n > 1;
    }

    /** How many blocks the items are cut into; block indexes passed to an {@link Item} are below it. */
    int blocks() {
        return blocks;
    }

    /** Runs {@code item} for every index in {@code [0, n)}, on this thread and on helpers; see the class comment. Once only. */
    void run(Item item) {
        if (this.item != null) {
            throw new IllegalStateException("a split runs once");
        }
        this.item = item;
        List<Runnable> submitted = new ArrayList<>();
        ThreadPoolExecutor pool = EvaluationPool.helpers(parallelism);
        int helpers = Math.min(parallelism - 1, blocks - 1);
        for (int i = 0; i < helpers; i++) {
            Runnable helper = this::help;
            try {
                pool.execute(helper);
                submitted.add(helper);
            } catch (RejectedExecutionException full) {
                break;
            }
        }
        claim();
        for (Runnable helper : submitted) {
            pool.remove(helper);
        }
        boolean interrupted = awaitHelpers();
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new QueryException(ErrorType.CANCELED, "query was canceled in expression evaluation");
        }
        Throwable f;
        synchronized (this) {
            f = failure;
        }
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /** Closes the section and waits until no helper works on it; true when this thread was interrupted meanwhile. */
    private synchronized boolean awaitHelpers() {
        closed = true;
        boolean interrupted = false;
        while (running > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                // The client went away: the helpers see the cancellation at their next item.
                interrupted = true;
                stopped = true;
                ev.cancel();
            }
        }
        return interrupted;
    }

    private void help() {
        synchronized (this) {
            if (closed) {
                return;
            }
            running++;
        }
        try {
            claim();
        } finally {
            synchronized (this) {
                if (--running == 0) {
                    notifyAll();
                }
            }
        }
    }

    private void claim() {
        while (!stopped) {
            int block = next.getAndIncrement();
            if (block >= blocks) {
                return;
            }
            int from = block * blockSize;
            int to = Math.min(n, from + blockSize);
            try {
                for (int i = from; i < to && !stopped; i++) {
                    item.run(block, i);
                }
            } catch (RuntimeException | Error e) {
                fail(block, e);
                return;
            }
        }
    }

    private synchronized void fail(int block, Throwable e) {
        if (block < failedBlock) {
            failedBlock = block;
            failure = e;
        }
        stopped = true;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
