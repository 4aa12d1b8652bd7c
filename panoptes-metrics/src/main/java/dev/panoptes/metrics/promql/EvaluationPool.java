package dev.panoptes.metrics.promql;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The helper threads of the process that evaluate parts of queries beside the queries' own
 * threads: for a parallelism of {@code n}, one pool of {@code n - 1} daemon threads named
 * {@code promql-eval-<n>-<i>}, shared by every engine and query with that setting (a server has
 * one setting, so one pool). Its queue is bounded; a helper that does not fit is not needed,
 * because the query's own thread takes whatever no helper claims ({@link SeriesSplit}).
 */
final class EvaluationPool {

    /** Helper tasks that may wait for a thread; each is a few claims of work, never a query's whole part. */
    private static final int QUEUE = 1024;

    private static final ConcurrentHashMap<Integer, ThreadPoolExecutor> POOLS = new ConcurrentHashMap<>();

    private EvaluationPool() {
    }

    /** The shared pool for {@code parallelism} (at least 2): {@code parallelism - 1} threads. */
    static ThreadPoolExecutor helpers(int parallelism) {
        return POOLS.computeIfAbsent(parallelism, EvaluationPool::create);
    }

    private static ThreadPoolExecutor create(int parallelism) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread t = new Thread(runnable, "promql-eval-" + parallelism + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        int size = parallelism - 1;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), threads,
                new ThreadPoolExecutor.AbortPolicy());
        // Idle helpers end after a minute, so a process that queries rarely holds no threads.
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
