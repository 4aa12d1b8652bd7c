package dev.panoptes.metrics.tsdb.chunk;

/**
 * The encoded chunks of one series in time order, as an iterator reads them: {@code size}
 * entries are valid, each with its {@link ChunkEncoding}, byte length, sample count and newest
 * timestamp. Every chunk format starts with a 16-bit sample count; a count given here may be
 * lower (a chunk still being appended to is read up to what was captured).
 */
public record ChunkList(byte[][] bytes, byte[] encodings, int[] lengths, int[] counts, long[] maxTimes, int size) {

    public static final ChunkList EMPTY = new ChunkList(new byte[0][], new byte[0], new int[0], new int[0], new long[0], 0);
}
