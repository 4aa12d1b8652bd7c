package dev.panoptes.core.wal;

import dev.panoptes.core.codec.EncodeBuffer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing side of a log directory. Opening starts a fresh segment after the newest one
 * present (so nothing is ever appended after bytes a crash may have damaged); {@link #write}
 * appends framed records and, under {@link WalSync#ALWAYS}, returns once an fsync covers them.
 * Concurrent writers share fsyncs: whoever syncs covers everything written before it began.
 *
 * <p>Replay with {@link WalReader} before opening. Thread-safe.
 */
public final class WriteAheadLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);

    /** One daemon thread syncs every periodic log in the process; an fsync per tenant per second is cheap. */
    private static final ScheduledExecutorService PERIODIC_SYNC = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "wal-sync");
        thread.setDaemon(true);
        return thread;
    });

    private final Path dir;
    private final WalOptions options;

    private final Object writeLock = new Object();
    private FileChannel channel;
    private int segment;
    private long segmentBytes;
    /** Bytes written since opening, across segments: the position a sync must cover. */
    private long written;
    private boolean closed;

    private final Object syncLock = new Object();
    private volatile long synced;
    private final ScheduledFuture<?> periodic;

    private WriteAheadLog(Path dir, WalOptions options) throws IOException {
        this.dir = dir;
        this.options = options;
        Files.createDirectories(dir);
        List<Integer> existing = WalFiles.segments(dir);
        int next = existing.isEmpty() ? Math.max(0, WalFiles.latestCheckpoint(dir) + 1) : existing.get(existing.size() - 1) + 1;
        openSegment(next);
        if (options.sync() == WalSync.PERIODIC) {
            long interval = options.syncInterval().toMillis();
            periodic = PERIODIC_SYNC.scheduleWithFixedDelay(this::periodicSync, interval, interval, TimeUnit.MILLISECONDS);
        } else {
            periodic = null;
        }
    }

    public static WriteAheadLog open(Path dir, WalOptions options) throws IOException {
        return new WriteAheadLog(dir, options);
    }

    public Path directory() {
        return dir;
    }

    private void openSegment(int n) throws IOException {
        channel = FileChannel.open(WalFiles.segment(dir, n), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writeHeader(channel);
        WalFiles.syncDirectory(dir);
        segment = n;
        segmentBytes = WalRecords.SEGMENT_HEADER.length;
    }

    private static void writeHeader(FileChannel file) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(WalRecords.SEGMENT_HEADER);
        while (header.hasRemaining()) {
            file.write(header);
        }
    }

    /**
     * Appends the records framed in {@code records} (see {@link WalRecords}) in one write, so a
     * batch lands whole or is cut as a whole by replay; returns when the sync policy is met.
     */
    public void write(EncodeBuffer records) throws IOException {
        write(records, options.sync() == WalSync.ALWAYS);
    }

    /**
     * Appends records like {@link #write(EncodeBuffer)} but syncs only if {@code sync}; for
     * records that a later synced write must precede anyway (a new series before its samples).
     */
    public void write(EncodeBuffer records, boolean sync) throws IOException {
        long position;
        synchronized (writeLock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (segmentBytes > WalRecords.SEGMENT_HEADER.length && segmentBytes + records.length() > options.segmentBytes()) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(records.array(), 0, records.length());
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            segmentBytes += records.length();
            written += records.length();
            position = written;
        }
        if (sync) {
            syncTo(position);
        }
    }

    /** Forces everything written so far to the device. */
    public void sync() throws IOException {
        long position;
        synchronized (writeLock) {
            position = written;
        }
        syncTo(position);
    }

    private void syncTo(long position) throws IOException {
        if (synced >= position) {
            return;
        }
        synchronized (syncLock) {
            if (synced >= position) {
                return;
            }
            while (true) {
                long target;
                FileChannel current;
                synchronized (writeLock) {
                    target = written;
                    current = channel;
                }
                try {
                    current.force(false);
                    synced = Math.max(synced, target);
                    return;
                } catch (ClosedChannelException e) {
                    // The segment was rotated (and synced) meanwhile; sync the new one.
                    synchronized (writeLock) {
                        if (closed) {
                            throw e;
                        }
                    }
                }
            }
        }
    }

    private void periodicSync() {
        try {
            sync();
        } catch (ClosedChannelException e) {
            // Closed between ticks.
        } catch (IOException e) {
            LOG.error("periodic fsync of the write-ahead log in {} failed", dir, e);
        }
    }

    /** Closes the current segment and starts the next; returns the number of the closed one. */
    public int cutSegment() throws IOException {
        synchronized (writeLock) {
            int closedSegment = segment;
            rotate();
            return closedSegment;
        }
    }

    private void rotate() throws IOException {
        channel.force(false);
        synced = Math.max(synced, written);
        channel.close();
        openSegment(segment + 1);
    }

    /** The segment being written. */
    public int currentSegment() {
        synchronized (writeLock) {
            return segment;
        }
    }

    /** Rewrites one record's payload into zero or more framed records of the checkpoint. */
    @FunctionalInterface
    public interface CheckpointFilter {
        void rewrite(byte[] buf, int offset, int length, EncodeBuffer out) throws IOException;
    }

    /**
     * Folds the previous checkpoint and every segment up to {@code through} (which must be closed)
     * into a new checkpoint, keeping what {@code filter} writes, then deletes what it replaces.
     * Written to a temporary directory and renamed, so a crash leaves either the old or the new.
     */
    public void checkpoint(int through, CheckpointFilter filter) throws IOException {
        if (through >= currentSegment()) {
            throw new IllegalArgumentException("segment " + through + " is still being written");
        }
        Path target = WalFiles.checkpoint(dir, through);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        WalFiles.deleteRecursively(tmp);
        Files.createDirectories(tmp);
        EncodeBuffer out = new EncodeBuffer(1 << 16);
        try (FileChannel file = FileChannel.open(tmp.resolve(WalFiles.segmentName(0)), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeHeader(file);
            int previous = WalFiles.latestCheckpoint(dir);
            WalReader.RecordHandler copy = (buf, offset, length) -> {
                filter.rewrite(buf, offset, length, out);
                if (out.length() >= 1 << 20) {
                    flush(file, out);
                }
            };
            if (previous >= 0) {
                Path previousDir = WalFiles.checkpoint(dir, previous);
                for (int n : WalFiles.segments(previousDir)) {
                    readInto(WalFiles.segment(previousDir, n), copy);
                }
            }
            for (int n : WalFiles.segments(dir)) {
                if (n > previous && n <= through) {
                    readInto(WalFiles.segment(dir, n), copy);
                }
            }
            flush(file, out);
            file.force(true);
        }
        WalFiles.syncDirectory(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        WalFiles.syncDirectory(dir);
        for (int n : WalFiles.segments(dir)) {
            if (n <= through) {
                Files.deleteIfExists(WalFiles.segment(dir, n));
            }
        }
        for (int n : WalFiles.checkpoints(dir)) {
            if (n < through) {
                WalFiles.deleteRecursively(WalFiles.checkpoint(dir, n));
            }
        }
    }

    private static void readInto(Path segmentFile, WalReader.RecordHandler handler) throws IOException {
        List<String> problems = new ArrayList<>();
        WalReader.readSegment(segmentFile, false, handler, problems);
        for (String problem : problems) {
            LOG.warn("write-ahead log damaged while checkpointing: {}", problem);
        }
    }

    private static void flush(FileChannel file, EncodeBuffer out) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(out.array(), 0, out.length());
        while (buf.hasRemaining()) {
            file.write(buf);
        }
        out.reset();
    }

    @Override
    public void close() throws IOException {
        if (periodic != null) {
            periodic.cancel(false);
        }
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            channel.force(false);
            channel.close();
        }
    }
}
