package dev.panoptes.core.objstore;

import java.io.EOFException;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A {@link RangeReader} over a memory-mapped file. Mapping rather than positional reads of an
 * open channel matters because queries are cancelled by interrupting their thread, and an
 * interrupt during a channel read closes the channel for every other reader too; absolute gets
 * from a mapping are plain memory copies, safe to run concurrently. The mapping keeps the file's
 * content readable after it is replaced or deleted, until the reader is closed and collected.
 */
final class FileRangeReader implements RangeReader {

    private final String key;
    private final MappedByteBuffer map;
    private final long size;

    private FileRangeReader(String key, MappedByteBuffer map, long size) {
        this.key = key;
        this.map = map;
        this.size = size;
    }

    /** Maps {@code channel}'s file, or null when it is too large for one mapping. */
    static FileRangeReader map(String key, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE) {
            return null;
        }
        return new FileRangeReader(key, channel.map(FileChannel.MapMode.READ_ONLY, 0, size), size);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void readFully(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new EOFException("'" + key + "' of " + size + " bytes has no range [" + offset + ", " + (offset + length) + ")");
        }
        map.get((int) offset, dst, dstOffset, length);
    }

    @Override
    public void close() {
        // A mapping cannot be released explicitly in Java; it goes with the buffer when collected.
    }
}
