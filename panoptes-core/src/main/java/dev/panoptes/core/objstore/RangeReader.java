package dev.panoptes.core.objstore;

import java.io.IOException;

/**
 * Positional reads of one immutable object, kept open across many reads: a block reader asks
 * for thousands of small chunk ranges per query, and opening the object for each of them (a
 * file open, or a new request) costs more than the read itself.
 *
 * <p>Reads at any offsets may run concurrently. It is meant for objects that are never replaced
 * (block files); what a read returns after the object was replaced is up to the store. Close it
 * when done: it may hold resources between reads.
 */
public interface RangeReader extends AutoCloseable {

    /** The object's size in bytes. */
    long size();

    /**
     * Reads exactly {@code length} bytes at {@code offset} into {@code dst} from {@code dstOffset}.
     *
     * @throws java.io.EOFException if the object ends before {@code offset + length}
     */
    void readFully(long offset, byte[] dst, int dstOffset, int length) throws IOException;

    @Override
    void close() throws IOException;
}
