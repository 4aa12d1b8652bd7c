package dev.panoptes.logs.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A block in service: its metadata and index, and a count of its users so that a block replaced
 * by compaction or deletion is deleted only once no scan that may read it is open. The store
 * holds one use from the moment the block is attached; a scan adds one with {@link #acquire} and
 * ends it with {@link #release}; {@link #retire} gives up the store's use and names what runs
 * when the last use ends, after the block's open {@link StoredBlooms} is closed.
 *
 * <p>Thread-safe.
 */
final class LogBlock {

    private final LogBlockMeta meta;
    private final LogBlockIndex index;
    private final StoredBlooms blooms;
    private final AtomicInteger users = new AtomicInteger(1);
    private volatile Runnable onUnused = () -> { };

    LogBlock(LogBlockMeta meta, LogBlockIndex index, StoredBlooms blooms) {
        this.meta = meta;
        this.index = index;
        this.blooms = blooms;
    }

    LogBlockMeta meta() {
        return meta;
    }

    LogBlockIndex index() {
        return index;
    }

    /** Begins a use; false once the block is retired and unused. */
    boolean acquire() {
        while (true) {
            int n = users.get();
            if (n == 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (users.decrementAndGet() == 0) {
            closeBlooms();
            onUnused.run();
        }
    }

    /** Closes what the block holds open, for a store that closes while the block is in service. */
    void closeBlooms() {
        try {
            blooms.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the filters of log block " + meta.id(), e);
        }
    }

    /** Takes the block out of service: {@code delete} runs when the last scan using it closes (at once if none is). */
    void retire(Runnable delete) {
        onUnused = delete;
        release();
    }
}
