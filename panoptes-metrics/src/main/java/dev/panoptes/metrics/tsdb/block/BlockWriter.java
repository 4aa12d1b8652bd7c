package dev.panoptes.metrics.tsdb.block;

import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.metrics.tsdb.chunk.ChunkEncoding;
import dev.panoptes.metrics.tsdb.chunk.DenseFloatChunk;
import dev.panoptes.metrics.tsdb.chunk.EncodedChunk;
import dev.panoptes.metrics.tsdb.chunk.XorChunk;
import dev.panoptes.metrics.tsdb.chunk.XorIterator;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes one block: series are added in label order with their chunks, which go straight to
 * chunk segment files in a local staging directory; {@link #finish} writes the index, and
 * {@link #upload} puts segments, index and finally {@code meta.json} into the object store, so
 * that a block becomes visible only whole.
 *
 * <p>Dense float chunks are not written one by one: they gather, uncompressed, into a page of
 * about {@link BlockFormat#PAGE_BYTES} that is compressed as a whole and written as one entry;
 * their references are filled in when the page is written.
 *
 * <p>Not thread-safe. The index is built in memory (labels and chunk references of every
 * series), which bounds a block to what fits the heap alongside the head.
 */
public final class BlockWriter implements Closeable {

    private final Path staging;
    private final List<Labels> seriesLabels = new ArrayList<>();
    private final List<List<ChunkMeta>> seriesChunks = new ArrayList<>();
    private final TreeSet<String> symbols = new TreeSet<>();
    private final TreeMap<String, TreeMap<String, RoaringBitmap>> postings = new TreeMap<>();
    private final EncodeBuffer entry = new EncodeBuffer(4096);
    private final CRC32C crc = new CRC32C();
    private final XorIterator decoder = new XorIterator();
    private final ZstdCompressor zstd = new ZstdCompressor();
    /** The page being gathered, and per chunk in it: series ordinal, chunk index, offset, length. */
    private final EncodeBuffer page = new EncodeBuffer(BlockFormat.PAGE_BYTES + 4096);
    private final List<int[]> pageMembers = new ArrayList<>();
    private byte[] compressedPage = new byte[0];

    private FileChannel segmentFile;
    private int segment;
    private long segmentBytes;
    private long numSamples;
    private long numChunks;
    private Labels previous;

    public BlockWriter(Path staging) throws IOException {
        this.staging = staging;
        Files.createDirectories(staging.resolve("chunks"));
    }

    /**
     * Adds a series and its chunks, which must be in time order and not overlap.
     *
     * @throws IllegalArgumentException if {@code labels} does not sort after the previous series
     */
    public void addSeries(Labels labels, List<EncodedChunk> chunks) throws IOException {
        if (chunks.isEmpty()) {
            return;
        }
        if (previous != null && previous.compareTo(labels) >= 0) {
            throw new IllegalArgumentException("series out of order: " + labels + " after " + previous);
        }
        previous = labels;
        int ordinal = seriesLabels.size();
        List<ChunkMeta> metas = new ArrayList<>(chunks.size());
        seriesLabels.add(labels);
        seriesChunks.add(metas);
        for (EncodedChunk chunk : densify(chunks)) {
            if (ChunkEncoding.format(chunk.encoding()) == ChunkEncoding.DENSE_FLOAT) {
                addToPage(ordinal, metas, chunk);
            } else {
                metas.add(writeChunk(chunk));
            }
            numSamples += chunk.samples();
        }
        for (int i = 0; i < labels.size(); i++) {
            symbols.add(labels.name(i));
            symbols.add(labels.value(i));
            postings.computeIfAbsent(labels.name(i), n -> new TreeMap<>()).computeIfAbsent(labels.value(i), v -> new RoaringBitmap()).add(ordinal);
        }
    }

    /** Samples per dense chunk: a 2-hour block of 5-second scrapes is one chunk. */
    static final int DENSE_SAMPLES = 4096;

    /**
     * Rewrites runs of head float chunks as dense chunks (docs/formats/dense-chunk.md): blocks
     * are written once and read many times, so they get the denser encoding.
     */
    private List<EncodedChunk> densify(List<EncodedChunk> chunks) {
        List<EncodedChunk> result = new ArrayList<>(chunks.size());
        int i = 0;
        while (i < chunks.size()) {
            if (ChunkEncoding.format(chunks.get(i).encoding()) != ChunkEncoding.XOR) {
                result.add(chunks.get(i++));
                continue;
            }
            int n = 0;
            int j = i;
            boolean anyStarts = false;
            while (j < chunks.size() && ChunkEncoding.format(chunks.get(j).encoding()) == ChunkEncoding.XOR) {
                n += chunks.get(j).samples();
                anyStarts |= ChunkEncoding.hasStartTimestamps(chunks.get(j).encoding());
                j++;
            }
            long[] ts = new long[n];
            double[] vs = new double[n];
            long[] sts = anyStarts ? new long[n] : null;
            int k = 0;
            for (; i < j; i++) {
                EncodedChunk c = chunks.get(i);
                decoder.reset(c.bytes(), c.offset(), c.length(), XorChunk.countOf(c.bytes(), c.offset()),
                        ChunkEncoding.hasStartTimestamps(c.encoding()));
                while (decoder.next()) {
                    ts[k] = decoder.t();
                    vs[k] = decoder.v();
                    if (sts != null) {
                        sts[k] = decoder.st();
                    }
                    k++;
                }
            }
            for (int from = 0; from < k; from += DENSE_SAMPLES) {
                int count = Math.min(DENSE_SAMPLES, k - from);
                long[] pieceT = Arrays.copyOfRange(ts, from, from + count);
                double[] pieceV = Arrays.copyOfRange(vs, from, from + count);
                long[] pieceSt = sts == null || allZero(sts, from, from + count) ? null : Arrays.copyOfRange(sts, from, from + count);
                // Uncompressed: the page these go into is compressed whole.
                byte[] bytes = DenseFloatChunk.encode(pieceT, pieceV, pieceSt, count, false);
                result.add(new EncodedChunk(ChunkEncoding.of(ChunkEncoding.DENSE_FLOAT, pieceSt != null), pieceT[0], pieceT[count - 1],
                        count, bytes, 0, bytes.length));
            }
        }
        return result;
    }

    private static boolean allZero(long[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (values[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private ChunkMeta writeChunk(EncodedChunk chunk) throws IOException {
        long offset = writeEntry(chunk.encoding(), chunk.bytes(), chunk.offset(), chunk.length());
        numChunks++;
        return new ChunkMeta(chunk.minTime(), chunk.maxTime(), chunk.encoding(), segment, offset, entry.length());
    }

    /** Adds a dense chunk, uncompressed, to the page; its reference is a placeholder until the page is written. */
    private void addToPage(int ordinal, List<ChunkMeta> metas, EncodedChunk chunk) throws IOException {
        byte[] bytes = chunk.bytes();
        int offset = chunk.offset();
        int length = chunk.length();
        if (DenseFloatChunk.isCompressed(bytes, offset)) {
            bytes = DenseFloatChunk.uncompressed(bytes, offset, length);
            offset = 0;
            length = bytes.length;
        }
        pageMembers.add(new int[] {ordinal, metas.size(), page.length(), length});
        metas.add(new ChunkMeta(chunk.minTime(), chunk.maxTime(), chunk.encoding(), -1, -1, 0));
        page.putBytes(bytes, offset, length);
        numChunks++;
        if (page.length() >= BlockFormat.PAGE_BYTES) {
            writePage();
        }
    }

    /** Compresses and writes the gathered page, then points its chunks' references at it. */
    private void writePage() throws IOException {
        if (pageMembers.isEmpty()) {
            return;
        }
        int rawLength = page.length();
        int bound = zstd.maxCompressedLength(rawLength);
        if (compressedPage.length < bound + 6) {
            compressedPage = new byte[bound + 6];
        }
        EncodeBuffer header = new EncodeBuffer(8);
        header.putUvarint(rawLength);
        int headerLength = 1 + header.length();
        int size = zstd.compress(page.array(), 0, rawLength, compressedPage, headerLength, compressedPage.length - headerLength);
        int dataLength;
        if (size < rawLength) {
            compressedPage[0] = (byte) BlockFormat.PAGE_COMPRESSED;
            System.arraycopy(header.array(), 0, compressedPage, 1, header.length());
            dataLength = headerLength + size;
        } else {
            if (compressedPage.length < headerLength + rawLength) {
                compressedPage = new byte[headerLength + rawLength];
            }
            compressedPage[0] = 0;
            System.arraycopy(header.array(), 0, compressedPage, 1, header.length());
            System.arraycopy(page.array(), 0, compressedPage, headerLength, rawLength);
            dataLength = headerLength + rawLength;
        }
        long offset = writeEntry(BlockFormat.PAGE, compressedPage, 0, dataLength);
        int entryLength = entry.length();
        for (int[] member : pageMembers) {
            List<ChunkMeta> metas = seriesChunks.get(member[0]);
            ChunkMeta placeholder = metas.get(member[1]);
            metas.set(member[1], new ChunkMeta(placeholder.minTime(), placeholder.maxTime(), placeholder.encoding(), segment, offset,
                    entryLength, member[2], member[3]));
        }
        pageMembers.clear();
        page.reset();
    }

    /** Writes one segment entry (encoding, length, data, checksum), cutting a new segment when due; returns its offset. */
    private long writeEntry(byte encoding, byte[] data, int offset, int length) throws IOException {
        entry.reset();
        entry.putByte(encoding).putUvarint(length).putBytes(data, offset, length);
        crc.reset();
        crc.update(entry.array(), 0, entry.length());
        entry.putInt((int) crc.getValue());
        if (segmentFile == null || segmentBytes + entry.length() > BlockFormat.SEGMENT_BYTES) {
            openSegment();
        }
        long at = segmentBytes;
        write(segmentFile, entry.array(), entry.length());
        segmentBytes += entry.length();
        return at;
    }

    private void openSegment() throws IOException {
        closeSegment();
        segment++;
        segmentFile = FileChannel.open(staging.resolve("chunks").resolve(String.format(java.util.Locale.ROOT, "%06d", segment)),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        write(segmentFile, BlockFormat.CHUNKS_MAGIC, BlockFormat.CHUNKS_MAGIC.length);
        segmentBytes = BlockFormat.CHUNKS_MAGIC.length;
    }

    private void closeSegment() throws IOException {
        if (segmentFile != null) {
            segmentFile.force(true);
            segmentFile.close();
            segmentFile = null;
        }
    }

    private static void write(FileChannel file, byte[] bytes, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
        while (buf.hasRemaining()) {
            file.write(buf);
        }
    }

    public int seriesCount() {
        return seriesLabels.size();
    }

    /** Writes the index and returns the block's metadata (not yet stored anywhere). */
    public BlockMeta finish(String id, long minTime, long maxTime, int level, List<String> sources) throws IOException {
        writePage();
        closeSegment();
        EncodeBuffer out = new EncodeBuffer(1 << 16);
        out.putBytes(BlockFormat.INDEX_MAGIC, 0, BlockFormat.INDEX_MAGIC.length);

        long symbolsOffset = out.length();
        Map<String, Integer> symbolRefs = new HashMap<>(symbols.size() * 2);
        out.putUvarint(symbols.size());
        for (String symbol : symbols) {
            symbolRefs.put(symbol, symbolRefs.size());
            out.putString(symbol);
        }

        long seriesOffset = out.length();
        long[] offsets = new long[seriesLabels.size()];
        for (int s = 0; s < seriesLabels.size(); s++) {
            offsets[s] = out.length();
            Labels labels = seriesLabels.get(s);
            out.putUvarint(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                out.putUvarint(symbolRefs.get(labels.name(i))).putUvarint(symbolRefs.get(labels.value(i)));
            }
            List<ChunkMeta> chunks = seriesChunks.get(s);
            out.putUvarint(chunks.size());
            long prevMax = minTime;
            for (ChunkMeta c : chunks) {
                out.putVarint(c.minTime() - prevMax).putUvarint(c.maxTime() - c.minTime())
                        .putByte(c.paged() ? c.encoding() | BlockFormat.PAGED : c.encoding())
                        .putUvarint(c.segment()).putUvarint(c.offset()).putUvarint(c.length());
                if (c.paged()) {
                    out.putUvarint(c.inPage()).putUvarint(c.inPageLength());
                }
                prevMax = c.maxTime();
            }
        }

        long seriesTableOffset = out.length();
        for (long offset : offsets) {
            out.putLong(offset);
        }

        long postingsOffset = out.length();
        List<long[]> postingsRanges = new ArrayList<>();
        for (TreeMap<String, RoaringBitmap> values : postings.values()) {
            for (RoaringBitmap bitmap : values.values()) {
                bitmap.runOptimize();
                ByteBuffer serialized = ByteBuffer.allocate(bitmap.serializedSizeInBytes());
                bitmap.serialize(serialized);
                long start = out.length();
                out.putBytes(serialized.array(), 0, serialized.position());
                postingsRanges.add(new long[] {start, serialized.position()});
            }
        }

        long postingsTableOffset = out.length();
        out.putUvarint(postings.size());
        int range = 0;
        for (Map.Entry<String, TreeMap<String, RoaringBitmap>> name : postings.entrySet()) {
            out.putUvarint(symbolRefs.get(name.getKey())).putUvarint(name.getValue().size());
            for (String value : name.getValue().keySet()) {
                long[] r = postingsRanges.get(range++);
                out.putUvarint(symbolRefs.get(value)).putUvarint(r[0]).putUvarint(r[1]);
            }
        }

        int tocStart = out.length();
        out.putLong(symbolsOffset).putLong(seriesOffset).putLong(seriesTableOffset).putLong(postingsOffset).putLong(postingsTableOffset);
        CRC32C checksum = new CRC32C();
        checksum.update(out.array(), 0, out.length());
        out.putInt((int) checksum.getValue()).putInt(seriesLabels.size());
        assert out.length() - tocStart == BlockFormat.TOC_BYTES;
        try (FileChannel file = FileChannel.open(staging.resolve("index"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            write(file, out.array(), out.length());
            file.force(true);
        }
        return new BlockMeta(BlockMeta.VERSION, id, minTime, maxTime, seriesLabels.size(), numSamples, numChunks, level, sources);
    }

    /** Puts the finished block under {@code blockPrefix}: chunk segments, index, then the metadata that makes it visible. */
    public void upload(ObjectStore store, String blockPrefix, BlockMeta meta) throws IOException {
        for (int n = 1; n <= segment; n++) {
            store.put(BlockFormat.segment(blockPrefix, n), staging.resolve("chunks").resolve(String.format(java.util.Locale.ROOT, "%06d", n)));
        }
        store.put(BlockFormat.index(blockPrefix), staging.resolve("index"));
        store.put(BlockFormat.meta(blockPrefix), meta.toJson());
    }

    /** Closes any open file and removes the staging directory. */
    @Override
    public void close() throws IOException {
        closeSegment();
        deleteRecursively(staging);
    }

    /** Removes a file or a directory tree. */
    public static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
