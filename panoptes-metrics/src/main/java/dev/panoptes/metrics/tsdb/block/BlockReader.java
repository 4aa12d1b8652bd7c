package dev.panoptes.metrics.tsdb.block;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.Varint;
import dev.panoptes.core.index.PostingsReader;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectInfo;
import dev.panoptes.core.objstore.ObjectNotFoundException;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.core.objstore.RangeReader;
import dev.panoptes.metrics.tsdb.chunk.ChunkList;
import dev.panoptes.metrics.tsdb.chunk.XorChunk;
import dev.panoptes.metrics.tsdb.tombstone.BlockTombstones;
import dev.panoptes.metrics.tsdb.tombstone.Intervals;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads one block. The index is copied once to a local cache directory and memory-mapped; its
 * checksum is verified at open, so a damaged index fails the open (and the block is reported and
 * left out) instead of answering wrongly. Symbols and the postings table are decoded onto the
 * heap; series and postings are decoded from the mapping on demand. Chunks are read by range from
 * the segment objects, each kept open after its first read (a query reads thousands of chunks; one
 * open per chunk cost more than the read), and checked against their own checksums.
 *
 * <p>Thread-safe after open: every read works on its own buffers.
 */
public final class BlockReader implements PostingsReader, Closeable {

    private final BlockMeta meta;
    private final ObjectStore store;
    private final String blockPrefix;
    private final Path cacheDir;
    private final MappedByteBuffer index;
    private final String[] symbols;
    private final long seriesTableOffset;
    private final int numSeries;
    /** Label name to its values (sorted) and the byte ranges of their postings. */
    private final Map<String, NameEntry> postingsTable;
    private final long sizeBytes;
    /** Deleted intervals by series ordinal; replaced whole when deletions are added. */
    private volatile Map<Integer, Intervals> tombstones = Map.of();
    /** Queriers using the block, plus one for the database while the block is live. */
    private final AtomicInteger users = new AtomicInteger(1);
    private volatile Runnable onUnused = () -> { };
    /** One zstd decompressor per thread: its working buffers are too large to make per page. */
    private static final ThreadLocal<ZstdDecompressor> PAGE_DECOMPRESSOR = ThreadLocal.withInitial(ZstdDecompressor::new);
    private final PageCache pages = new PageCache(4);
    /** Open chunk segments by number, filled as they are first read; replaced whole, never changed. */
    private volatile RangeReader[] segments = new RangeReader[0];

    private record NameEntry(String[] values, long[] offsets, int[] lengths) {
    }

    private BlockReader(BlockMeta meta, ObjectStore store, String blockPrefix, Path cacheDir, MappedByteBuffer index, long sizeBytes) {
        this.meta = meta;
        this.sizeBytes = sizeBytes;
        this.store = store;
        this.blockPrefix = blockPrefix;
        this.cacheDir = cacheDir;
        this.index = index;
        int size = index.capacity();
        if (size < BlockFormat.INDEX_MAGIC.length + BlockFormat.TOC_BYTES) {
            throw new CorruptDataException("index of block " + meta.id() + " is only " + size + " bytes");
        }
        for (int i = 0; i < BlockFormat.INDEX_MAGIC.length; i++) {
            byte b = index.get(i);
            boolean known = i == BlockFormat.INDEX_VERSION_OFFSET
                    ? b >= BlockFormat.OLDEST_INDEX_VERSION && b <= BlockFormat.INDEX_MAGIC[i]
                    : b == BlockFormat.INDEX_MAGIC[i];
            if (!known) {
                throw new CorruptDataException("index of block " + meta.id() + " has a bad header (magic or version)");
            }
        }
        int toc = size - BlockFormat.TOC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(index.slice(0, toc + 40));
        if ((int) crc.getValue() != index.getInt(toc + 40)) {
            throw new CorruptDataException("index of block " + meta.id() + " fails its checksum");
        }
        long symbolsOffset = index.getLong(toc);
        this.seriesTableOffset = index.getLong(toc + 16);
        long postingsTableOffset = index.getLong(toc + 32);
        this.numSeries = index.getInt(toc + 44);

        DecodeBuffer dec = section(symbolsOffset, index.getLong(toc + 8));
        symbols = new String[dec.getUvarintInt()];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = dec.getString();
        }
        dec = section(postingsTableOffset, toc);
        int names = dec.getUvarintInt();
        postingsTable = new HashMap<>(names * 2);
        for (int n = 0; n < names; n++) {
            String name = symbol(dec.getUvarintInt());
            int count = dec.getUvarintInt();
            String[] values = new String[count];
            long[] offsets = new long[count];
            int[] lengths = new int[count];
            for (int v = 0; v < count; v++) {
                values[v] = symbol(dec.getUvarintInt());
                offsets[v] = dec.getUvarint();
                lengths[v] = dec.getUvarintInt();
            }
            postingsTable.put(name, new NameEntry(values, offsets, lengths));
        }
    }

    /**
     * Opens block {@code meta.id()} stored under {@code blockPrefix}, caching its index in
     * {@code cacheDir} (created if needed).
     *
     * @throws CorruptDataException if the index is damaged
     */
    public static BlockReader open(ObjectStore store, String blockPrefix, BlockMeta meta, Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        long total = 0;
        for (ObjectInfo info : store.list(blockPrefix)) {
            total += info.size();
        }
        Path local = cacheDir.resolve("index");
        long size = store.stat(BlockFormat.index(blockPrefix)).size();
        if (!Files.exists(local) || Files.size(local) != size) {
            Path tmp = cacheDir.resolve("index.tmp");
            try (InputStream in = store.getRange(BlockFormat.index(blockPrefix), 0, size)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        try (FileChannel channel = FileChannel.open(local, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            BlockReader reader = new BlockReader(meta, store, blockPrefix, cacheDir, map, total);
            try {
                reader.tombstones = BlockTombstones.decode(store.get(blockPrefix + "tombstones"));
            } catch (ObjectNotFoundException e) {
                // No deletions in this block.
            }
            return reader;
        }
    }

    public BlockMeta meta() {
        return meta;
    }

    public int numSeries() {
        return numSeries;
    }

    /** Bytes the block takes in the object store. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The deleted intervals of series {@code ordinal}. */
    public Intervals deleted(int ordinal) {
        Intervals deleted = tombstones.get(ordinal);
        return deleted == null ? Intervals.NONE : deleted;
    }

    public boolean hasTombstones() {
        return !tombstones.isEmpty();
    }

    /** Adds deletions and stores the block's tombstones object anew (atomically) before they apply. */
    public synchronized void addTombstones(Map<Integer, Intervals> added) throws IOException {
        Map<Integer, Intervals> merged = new HashMap<>(tombstones);
        added.forEach((ordinal, intervals) -> merged.merge(ordinal, intervals, Intervals::addAll));
        store.put(blockPrefix + "tombstones", BlockTombstones.encode(merged));
        tombstones = Map.copyOf(merged);
    }

    /** The key prefix of the block's objects, ending in {@code /}. */
    public String prefix() {
        return blockPrefix;
    }

    /**
     * Registers a querier as a user of the block; false if the block is already retired (then it
     * must not be read).
     */
    public boolean acquire() {
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

    /** Ends a use begun with {@link #acquire}. */
    public void release() {
        if (users.decrementAndGet() == 0) {
            close();
            onUnused.run();
        }
    }

    /**
     * Takes the block out of service: {@code delete} runs once the last querier using it has
     * closed (at once if none is).
     */
    public void retire(Runnable delete) {
        onUnused = delete;
        release();
    }

    private DecodeBuffer section(long from, long to) {
        if (from < 0 || to > index.capacity() || from > to) {
            throw new CorruptDataException("index section [" + from + ", " + to + ") out of bounds");
        }
        byte[] bytes = new byte[(int) (to - from)];
        index.get((int) from, bytes);
        return new DecodeBuffer(bytes);
    }

    private String symbol(int ref) {
        if (ref < 0 || ref >= symbols.length) {
            throw new CorruptDataException("symbol reference " + ref + " out of range");
        }
        return symbols[ref];
    }

    private DecodeBuffer series(int ordinal) {
        if (ordinal < 0 || ordinal >= numSeries) {
            throw new IllegalArgumentException("series " + ordinal + " not in block");
        }
        long start = index.getLong((int) (seriesTableOffset + 8L * ordinal));
        long end = ordinal + 1 < numSeries ? index.getLong((int) (seriesTableOffset + 8L * (ordinal + 1))) : seriesTableOffset;
        return section(start, end);
    }

    /** The labels of series {@code ordinal} (ordinals are in label order). */
    public Labels labels(int ordinal) {
        DecodeBuffer dec = series(ordinal);
        return readLabels(dec);
    }

    private Labels readLabels(DecodeBuffer dec) {
        int n = dec.getUvarintInt();
        String[] pairs = new String[2 * n];
        for (int i = 0; i < n; i++) {
            pairs[2 * i] = symbol(dec.getUvarintInt());
            pairs[2 * i + 1] = symbol(dec.getUvarintInt());
        }
        return Labels.ofSorted(pairs);
    }

    /** The chunk references of series {@code ordinal} that overlap {@code [mint, maxt]}. */
    List<ChunkMeta> chunks(int ordinal, long mint, long maxt) {
        DecodeBuffer dec = series(ordinal);
        int n = dec.getUvarintInt();
        for (int i = 0; i < 2 * n; i++) {
            dec.getUvarint();
        }
        int count = dec.getUvarintInt();
        List<ChunkMeta> result = new ArrayList<>(count);
        long prevMax = meta.minTime();
        for (int i = 0; i < count; i++) {
            long min = prevMax + dec.getVarint();
            long max = min + dec.getUvarint();
            int flags = dec.getByte();
            byte encoding = (byte) (flags & ~BlockFormat.PAGED);
            int segment = dec.getUvarintInt();
            long offset = dec.getUvarint();
            int length = dec.getUvarintInt();
            int inPage = -1;
            int inPageLength = 0;
            if ((flags & BlockFormat.PAGED) != 0) {
                inPage = dec.getUvarintInt();
                inPageLength = dec.getUvarintInt();
            }
            prevMax = max;
            if (max >= mint && min <= maxt) {
                result.add(new ChunkMeta(min, max, encoding, segment, offset, length, inPage, inPageLength));
            }
        }
        return result;
    }

    /**
     * Fetches and verifies chunks.
     *
     * @throws CorruptDataException naming the chunk if one is damaged
     */
    ChunkList load(List<ChunkMeta> chunks) throws IOException {
        int n = chunks.size();
        byte[][] bytes = new byte[n][];
        byte[] encodings = new byte[n];
        int[] lengths = new int[n];
        int[] counts = new int[n];
        long[] maxTimes = new long[n];
        for (int i = 0; i < n; i++) {
            ChunkMeta c = chunks.get(i);
            byte[] data;
            if (c.paged()) {
                byte[] page = page(c);
                if (c.inPage() + (long) c.inPageLength() > page.length || c.inPageLength() < 3) {
                    throw new CorruptDataException(where(c) + " has no chunk at " + c.inPage() + " of its page");
                }
                data = Arrays.copyOfRange(page, c.inPage(), c.inPage() + c.inPageLength());
            } else {
                data = entryData(c, c.encoding());
            }
            bytes[i] = data;
            encodings[i] = c.encoding();
            lengths[i] = data.length;
            counts[i] = XorChunk.countOf(data, 0);
            maxTimes[i] = c.maxTime();
        }
        return new ChunkList(bytes, encodings, lengths, counts, maxTimes, n);
    }

    private String where(ChunkMeta c) {
        return "chunk at " + BlockFormat.segment(blockPrefix, c.segment()) + " offset " + c.offset();
    }

    /** Reads and verifies the segment entry {@code c} points at; returns its data. */
    private byte[] entryData(ChunkMeta c, byte expectedEncoding) throws IOException {
        byte[] entry = new byte[c.length()];
        try {
            segment(c.segment()).readFully(c.offset(), entry, 0, entry.length);
        } catch (EOFException e) {
            throw new CorruptDataException(where(c) + " is cut short", e);
        }
        if (entry.length < 6) {
            throw new CorruptDataException(where(c) + " is cut short");
        }
        CRC32C crc = new CRC32C();
        crc.update(entry, 0, entry.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(entry, entry.length - 4, 4).getInt()) {
            throw new CorruptDataException(where(c) + " fails its checksum");
        }
        ByteBuffer buf = ByteBuffer.wrap(entry, 1, entry.length - 5);
        int dataLength = (int) Varint.getUvarint(buf);
        int dataStart = buf.position();
        if (entry[0] != expectedEncoding || dataStart + dataLength != entry.length - 4) {
            throw new CorruptDataException(where(c) + " does not match the index");
        }
        return Arrays.copyOfRange(entry, dataStart, dataStart + dataLength);
    }

    /**
     * The decompressed page holding {@code c}. The last few pages read are kept: a query reads
     * the series of a block in order, so consecutive series mostly share a page.
     */
    private byte[] page(ChunkMeta c) throws IOException {
        byte[] page = pages.get(c.segment(), c.offset());
        if (page != null) {
            return page;
        }
        byte[] data = entryData(c, BlockFormat.PAGE);
        DecodeBuffer header = new DecodeBuffer(data, 1, data.length - 1);
        int rawLength = header.getUvarintInt();
        if (rawLength < 0 || rawLength > BlockFormat.MAX_PAGE_BYTES) {
            throw new CorruptDataException(where(c) + " claims a page of " + rawLength + " bytes");
        }
        int bodyStart = header.position();
        if ((data[0] & BlockFormat.PAGE_COMPRESSED) == 0) {
            page = Arrays.copyOfRange(data, bodyStart, data.length);
        } else {
            page = new byte[rawLength];
            try {
                int written = PAGE_DECOMPRESSOR.get().decompress(data, bodyStart, data.length - bodyStart, page, 0, rawLength);
                if (written != rawLength) {
                    throw new CorruptDataException(where(c) + " decompresses to " + written + " bytes, not " + rawLength);
                }
            } catch (MalformedInputException | IndexOutOfBoundsException e) {
                throw new CorruptDataException(where(c) + " does not decompress: " + e.getMessage(), e);
            }
        }
        if (page.length != rawLength) {
            throw new CorruptDataException(where(c) + " holds " + page.length + " page bytes, not " + rawLength);
        }
        pages.put(c.segment(), c.offset(), page);
        return page;
    }

    /** The reader of chunk segment {@code n}, opened at its first use. */
    private RangeReader segment(int n) throws IOException {
        RangeReader[] open = segments;
        if (n < open.length && open[n] != null) {
            return open[n];
        }
        synchronized (this) {
            open = segments;
            if (n < open.length && open[n] != null) {
                return open[n];
            }
            RangeReader reader = store.openRangeReader(BlockFormat.segment(blockPrefix, n));
            RangeReader[] grown = Arrays.copyOf(open, Math.max(open.length, n + 1));
            grown[n] = reader;
            segments = grown;
            return reader;
        }
    }

    @Override
    public RoaringBitmap allPostings() {
        RoaringBitmap all = new RoaringBitmap();
        all.add(0L, numSeries);
        return all;
    }

    @Override
    public RoaringBitmap postings(String name, String value) {
        NameEntry entry = postingsTable.get(name);
        if (entry == null) {
            return new RoaringBitmap();
        }
        int i = Arrays.binarySearch(entry.values(), value);
        if (i < 0) {
            return new RoaringBitmap();
        }
        RoaringBitmap bitmap = new RoaringBitmap();
        try {
            bitmap.deserialize(index.slice((int) entry.offsets()[i], entry.lengths()[i]));
        } catch (IOException | RuntimeException e) {
            throw new CorruptDataException("postings of " + name + "=" + value + " in block " + meta.id() + " do not decode", e);
        }
        return bitmap;
    }

    @Override
    public Iterable<String> values(String name, String from) {
        NameEntry entry = postingsTable.get(name);
        if (entry == null) {
            return List.of();
        }
        int i = Arrays.binarySearch(entry.values(), from);
        int start = i >= 0 ? i : -i - 1;
        return Arrays.asList(entry.values()).subList(start, entry.values().length);
    }

    /** Every label name, sorted. */
    List<String> labelNames() {
        List<String> names = new ArrayList<>(postingsTable.keySet());
        names.sort(null);
        return names;
    }

    /** The directory holding this block's cached index. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Closes the open chunk segments; the index mapping goes when the reader is collected. */
    @Override
    public synchronized void close() {
        for (RangeReader reader : segments) {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    // Nothing more can be done for a segment that fails to close; the block is done with it.
                }
            }
        }
        segments = new RangeReader[0];
    }
}
