package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.codec.CorruptDataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where the head keeps its sealed chunks: memory-mapped files under {@code <dir>/chunks_head},
 * so that the heap holds only each series' open chunk and a reference per sealed one, and the
 * operating system pages chunk bytes in and out as queries need them.
 *
 * <p>The files are a cache of what the write-ahead log holds: they are emptied at start-up and
 * rebuilt by replay, so they need no checksums or recovery. A reference is the segment number
 * in the high 32 bits and the offset in the low; each chunk is stored with a 4-byte length.
 * A segment is deleted once every chunk in it ends before the head's truncation time.
 *
 * <p>Thread-safe: writes are serialised; reads use absolute positions only.
 */
final class MappedChunkFiles implements Closeable {

    private final Path dir;
    private final int segmentBytes;
    private volatile MappedByteBuffer[] segments = new MappedByteBuffer[0];
    private long[] segmentMaxTimes = new long[0];
    private int current = -1;
    private int position;

    MappedChunkFiles(Path dir, int segmentBytes) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir)) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
    }

    /** Stores a sealed chunk whose newest sample is at {@code maxTime}; returns its reference. */
    synchronized long write(byte[] bytes, long maxTime) {
        int needed = 4 + bytes.length;
        if (current < 0 || position + needed > segmentBytes) {
            openSegment(Math.max(segmentBytes, needed));
        }
        MappedByteBuffer segment = segments[current];
        segment.putInt(position, bytes.length);
        segment.put(position + 4, bytes);
        long ref = (long) current << 32 | position;
        position += needed;
        segmentMaxTimes[current] = Math.max(segmentMaxTimes[current], maxTime);
        return ref;
    }

    private void openSegment(int size) {
        int next = current + 1;
        Path file = dir.resolve(String.format(Locale.ROOT, "%06d", next));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            MappedByteBuffer[] grown = Arrays.copyOf(segments, next + 1);
            grown[next] = map;
            segmentMaxTimes = Arrays.copyOf(segmentMaxTimes, next + 1);
            segmentMaxTimes[next] = Long.MIN_VALUE;
            segments = grown;
            current = next;
            position = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create head chunk file " + file, e);
        }
    }

    /** The chunk stored under {@code ref}, copied onto the heap. */
    byte[] read(long ref) {
        int segment = (int) (ref >>> 32);
        int offset = (int) ref;
        MappedByteBuffer[] all = segments;
        MappedByteBuffer map = segment < all.length ? all[segment] : null;
        if (map == null) {
            throw new CorruptDataException("head chunk " + Long.toHexString(ref) + " is in a segment already deleted");
        }
        byte[] bytes = new byte[map.getInt(offset)];
        map.get(offset + 4, bytes);
        return bytes;
    }

    /** Deletes segments, other than the one being written, whose chunks all end before {@code mint}. */
    synchronized void deleteBefore(long mint) {
        MappedByteBuffer[] updated = segments.clone();
        for (int i = 0; i < current; i++) {
            if (updated[i] != null && segmentMaxTimes[i] < mint) {
                updated[i] = null;
                try {
                    Files.deleteIfExists(dir.resolve(String.format(Locale.ROOT, "%06d", i)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        segments = updated;
    }

    /** Bytes mapped now, for statistics. */
    synchronized long mappedBytes() {
        long total = 0;
        for (MappedByteBuffer map : segments) {
            total += map == null ? 0 : map.capacity();
        }
        return total;
    }

    @Override
    public synchronized void close() {
        segments = new MappedByteBuffer[0];
    }
}
