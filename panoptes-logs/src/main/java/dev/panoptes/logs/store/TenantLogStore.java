package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.index.MemPostingsIndex;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.core.wal.WalReader;
import dev.panoptes.core.wal.WalRecords;
import dev.panoptes.core.wal.WriteAheadLog;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's logs: streams by label set and by dense id, a postings index over their labels,
 * the write-ahead log in {@code <dir>/wal}, and the blocks flushed to the object store under
 * {@code <prefix><block>/} ({@code docs/formats/log-block.md}). Opening finishes a flush that a
 * crash interrupted, replays the log and attaches the blocks' chunks to their streams, so
 * everything acknowledged before a crash is back before the first request.
 *
 * <p>Flush ({@link #flush}): with appends paused, every head is cut and the log moves to a new
 * segment; then, with appends running again, the sealed chunks are written as one block (its
 * {@code meta.json} last, naming the last log segment it covers), the chunks in memory are
 * replaced by references, and the log is checkpointed through that segment keeping only stream
 * records.
 *
 * <p>Write path: {@link #append} resolves each stream of the batch (creating it, within the
 * stream limit, and logging its stream record at once so that any entries record naming it
 * follows it in the log), writes one entries record per stream in one log write, waits for the
 * fsync the policy asks for, and only then applies the entries to the streams' heads and tells
 * live subscribers ({@link #subscribe}), so neither a reader nor a tail sees what a crash could
 * take back.
 *
 * <p>Reads ({@link #scan}) hold every block they may read until they close; maintenance
 * ({@link #maintain}: retention, delete requests, merges, decided by {@link BlockMaintenance})
 * swaps rewritten blocks in under the block lock and deletes the replaced ones when their last
 * reader closes. Delete requests not yet processed hide their lines from every scan.
 *
 * <p>Thread-safe.
 */
public final class TenantLogStore implements LogReader, LogDeletes, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(TenantLogStore.class);

    private final LogStoreSettings settings;
    private final ConcurrentHashMap<Labels, LogStream> byLabels = new ConcurrentHashMap<>();
    /** Indexed by stream id; replaced (never shrunk) under {@code this} when it grows. */
    private volatile LogStream[] byId = new LogStream[64];
    private int nextId;
    private final MemPostingsIndex index = new MemPostingsIndex();
    private final WriteAheadLog wal;
    private final WalReader.Report replay;
    private final long replayDropped;
    private final LogBlockStore blocks;
    /** The blocks in service by id; scans hold {@link #blocksLock} shared, block replacement alone. */
    private final TreeMap<String, LogBlock> blocksById = new TreeMap<>();
    private final ReentrantReadWriteLock blocksLock = new ReentrantReadWriteLock();
    private final DeleteRequests deletes;
    /** One compaction, retention or delete pass at a time. */
    private final Object maintenance = new Object();
    private final BlockMaintenance maintainer;
    /** Appends hold it shared; a flush holds it alone while it cuts heads and the log segment. */
    private final ReentrantReadWriteLock appendLock = new ReentrantReadWriteLock();
    private final Object flushing = new Object();
    private final LiveSubscriptions live = new LiveSubscriptions();

    private TenantLogStore(Path dir, LogStoreSettings settings, ObjectStore objects, String blockPrefix, RetentionPolicy retention)
            throws IOException {
        this.settings = settings;
        this.blocks = new LogBlockStore(objects, blockPrefix, dir.resolve("staging"));
        this.deletes = DeleteRequests.load(objects, deleteRequestsKey(blockPrefix));
        this.maintainer = new BlockMaintenance(this, blocks, settings.chunkTargetBytes(), retention, deletes);
        Path walDir = dir.resolve("wal");
        Map<String, LogBlockMeta> complete = blocks.completeBlocks();
        for (String id : LogCompactor.redundant(complete.values())) {
            // A merge or rewrite stored its block but stopped before deleting what it replaced.
            LOG.info("Deleting log block {}, which a newer block replaces", id);
            blocks.delete(id);
            complete.remove(id);
        }
        int flushedThrough = -1;
        for (LogBlockMeta meta : complete.values()) {
            flushedThrough = Math.max(flushedThrough, meta.walSegmentThrough());
        }
        if (flushedThrough >= 0 && needsCheckpoint(walDir, flushedThrough)) {
            // A flush wrote its block but stopped before folding the log: fold it now, or replay
            // would apply the block's entries a second time.
            try (WriteAheadLog log = WriteAheadLog.open(walDir, settings.wal())) {
                log.checkpoint(flushedThrough, TenantLogStore::keepStreamRecords);
            }
        }
        long[] dropped = new long[1];
        EntryBuffer scratch = new EntryBuffer(256);
        LogWalRecords.Visitor visitor = new LogWalRecords.Visitor() {
            @Override
            public void stream(int id, Labels labels) {
                register(id, labels);
            }

            @Override
            public void entries(int streamId, EntryBuffer entries) {
                LogStream stream = streamId < byId.length ? byId[streamId] : null;
                if (stream == null) {
                    dropped[0] += entries.size();
                    return;
                }
                for (int i = 0; i < entries.size(); i++) {
                    stream.append(entries.time(i), entries.line(i), entries.metadata(i));
                }
            }
        };
        this.replay = WalReader.replay(walDir, (buf, offset, length) -> {
            try {
                LogWalRecords.read(buf, offset, length, scratch, visitor);
            } catch (CorruptDataException e) {
                dropped[0]++;
                LOG.warn("Skipping an unreadable log record in {}: {}", walDir, e.getMessage());
            }
        });
        this.replayDropped = dropped[0];
        for (String problem : replay.problems()) {
            LOG.warn("Log replay of {}: {}", walDir, problem);
        }
        this.wal = WriteAheadLog.open(walDir, settings.wal());
        for (LogBlockMeta meta : complete.values()) {
            attach(blocks.open(meta));
        }
    }

    /** Delete requests live beside the blocks: {@code logs/<tenant>/delete-requests.json} for {@code logs/<tenant>/blocks/}. */
    private static String deleteRequestsKey(String blockPrefix) {
        String parent = blockPrefix.endsWith("blocks/") ? blockPrefix.substring(0, blockPrefix.length() - "blocks/".length()) : blockPrefix;
        return parent + "delete-requests.json";
    }

    /**
     * Opens (creating if needed) the store in {@code dir}, with blocks in {@code objects} under
     * {@code blockPrefix} (which ends with {@code /}), replaying its log.
     */
    public static TenantLogStore open(Path dir, LogStoreSettings settings, ObjectStore objects, String blockPrefix) throws IOException {
        return new TenantLogStore(dir, settings, objects, blockPrefix, RetentionPolicy.KEEP_ALL);
    }

    /** As {@link #open(Path, LogStoreSettings, ObjectStore, String)}, with the tenant's retention. */
    public static TenantLogStore open(Path dir, LogStoreSettings settings, ObjectStore objects, String blockPrefix, RetentionPolicy retention)
            throws IOException {
        return new TenantLogStore(dir, settings, objects, blockPrefix, retention);
    }

    /** Whether a segment up to {@code through} is still there without a checkpoint that covers it. */
    private static boolean needsCheckpoint(Path walDir, int through) throws IOException {
        if (!Files.isDirectory(walDir)) {
            return false;
        }
        boolean segmentCovered = false;
        boolean checkpointed = false;
        try (Stream<Path> files = Files.list(walDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.matches("\\d{8}") && Integer.parseInt(name) <= through) {
                    segmentCovered = true;
                } else if (name.matches("checkpoint\\.\\d{8}") && Integer.parseInt(name.substring(11)) >= through) {
                    checkpointed = true;
                }
            }
        }
        return segmentCovered && !checkpointed;
    }

    /** The checkpoint filter of a flush: every entry up to the flushed segment is in a block now. */
    private static void keepStreamRecords(byte[] buf, int offset, int length, EncodeBuffer out) {
        if (length > 0 && buf[offset] == LogWalRecords.STREAM) {
            int start = WalRecords.begin(out);
            out.putBytes(buf, offset, length);
            WalRecords.end(out, start);
        }
    }

    /** Puts a block in service: its chunks join their streams, creating (and logging) streams the log does not know. */
    private void attach(LogBlock block) throws IOException {
        blocksLock.writeLock().lock();
        try {
            blocksById.put(block.meta().id(), block);
            for (LogBlockIndex.Stream s : block.index().streams()) {
                streamFor(s.labels()).addFlushed(s.refs());
            }
        } finally {
            blocksLock.writeLock().unlock();
        }
    }

    private LogStream streamFor(Labels labels) throws IOException {
        LogStream stream = byLabels.get(labels);
        if (stream != null) {
            return stream;
        }
        synchronized (this) {
            stream = byLabels.get(labels);
            if (stream == null) {
                EncodeBuffer record = new EncodeBuffer(64);
                LogWalRecords.writeStream(record, nextId, labels);
                wal.write(record);
                stream = register(nextId, labels);
            }
            return stream;
        }
    }

    /**
     * Writes every chunk sealed so far (cutting every head first) as one block and folds the log
     * behind it; returns the block's id, or null when there was nothing to flush. One flush runs
     * at a time; appends pause only while heads are cut.
     */
    public String flush() throws IOException {
        synchronized (flushing) {
            List<LogStream> streams = new ArrayList<>();
            List<List<LogChunk>> written = new ArrayList<>();
            int through;
            appendLock.writeLock().lock();
            try {
                for (LogStream stream : byLabels.values()) {
                    stream.cut();
                    List<LogChunk> sealed = stream.sealedChunks();
                    if (!sealed.isEmpty()) {
                        streams.add(stream);
                        written.add(sealed);
                    }
                }
                through = wal.cutSegment();
            } finally {
                appendLock.writeLock().unlock();
            }
            if (streams.isEmpty()) {
                wal.checkpoint(through, TenantLogStore::keepStreamRecords);
                return null;
            }
            LogBlock block;
            try (LogBlockStore.Writer writer = blocks.writer(through, 0, List.of())) {
                for (int s = 0; s < streams.size(); s++) {
                    writer.beginStream(streams.get(s).labels);
                    for (LogChunk chunk : written.get(s)) {
                        writer.add(chunk, chunk.bloom());
                    }
                }
                block = writer.finish();
            }
            Map<Labels, List<BlockChunkRef>> refs = new HashMap<>();
            for (LogBlockIndex.Stream s : block.index().streams()) {
                refs.put(s.labels(), s.refs());
            }
            blocksLock.writeLock().lock();
            try {
                blocksById.put(block.meta().id(), block);
                for (int s = 0; s < streams.size(); s++) {
                    streams.get(s).flushed(written.get(s), refs.get(streams.get(s).labels));
                }
            } finally {
                blocksLock.writeLock().unlock();
            }
            wal.checkpoint(through, TenantLogStore::keepStreamRecords);
            return block.meta().id();
        }
    }

    /** What replay read, and the damaged places it skipped. */
    public WalReader.Report replayReport() {
        return replay;
    }

    /** Entries or records replay could not apply (unreadable, or naming an unknown stream). */
    public long replayDropped() {
        return replayDropped;
    }

    /** Stores a batch durably; see the class comment for the order of things. */
    public AppendResult append(LogBatch batch) throws IOException {
        appendLock.readLock().lock();
        try {
            return appendLocked(batch);
        } finally {
            appendLock.readLock().unlock();
        }
    }

    private AppendResult appendLocked(LogBatch batch) throws IOException {
        int n = batch.streams.size();
        LogStream[] resolved = new LogStream[n];
        List<Labels> overLimit = new ArrayList<>();
        int entriesOverLimit = 0;
        long bytesOverLimit = 0;
        for (int s = 0; s < n; s++) {
            resolved[s] = resolve(batch.streams.get(s));
            if (resolved[s] == null) {
                overLimit.add(batch.streams.get(s));
                for (int i = batch.start(s); i < batch.end(s); i++) {
                    entriesOverLimit++;
                    bytesOverLimit += Utf8Length.of(batch.entries.line(i));
                }
            }
        }
        EncodeBuffer records = new EncodeBuffer(64 + (int) Math.min(Integer.MAX_VALUE / 2, batch.lineBytes() + 16L * batch.entryCount()));
        int stored = 0;
        for (int s = 0; s < n; s++) {
            if (resolved[s] != null && batch.end(s) > batch.start(s)) {
                LogWalRecords.writeEntries(records, resolved[s].id, batch.entries, batch.start(s), batch.end(s));
                stored += batch.end(s) - batch.start(s);
            }
        }
        if (stored > 0) {
            wal.write(records);
        }
        for (int s = 0; s < n; s++) {
            LogStream stream = resolved[s];
            if (stream != null) {
                for (int i = batch.start(s); i < batch.end(s); i++) {
                    stream.append(batch.entries.time(i), batch.entries.line(i), batch.entries.metadata(i));
                }
                live.publish(stream.labels, batch.entries, batch.start(s), batch.end(s));
            }
        }
        return new AppendResult(stored, overLimit, entriesOverLimit, bytesOverLimit);
    }

    /** The stream of {@code labels}, created (and logged) if new; null when over the stream limit. */
    private LogStream resolve(Labels labels) throws IOException {
        LogStream stream = byLabels.get(labels);
        if (stream != null) {
            return stream;
        }
        synchronized (this) {
            stream = byLabels.get(labels);
            if (stream != null) {
                return stream;
            }
            if (settings.maxStreams() > 0 && byLabels.size() >= settings.maxStreams()) {
                return null;
            }
            int id = nextId;
            EncodeBuffer record = new EncodeBuffer(64);
            LogWalRecords.writeStream(record, id, labels);
            wal.write(record, false);
            return register(id, labels);
        }
    }

    /** Adds a stream under its id; called while creating (under {@code this}) and during replay. */
    private synchronized LogStream register(int id, Labels labels) {
        LogStream existing = byLabels.get(labels);
        if (existing != null) {
            return existing;
        }
        if (id >= byId.length) {
            byId = Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
        }
        LogStream stream = new LogStream(id, labels, settings.chunkTargetBytes());
        byId[id] = stream;
        nextId = Math.max(nextId, id + 1);
        byLabels.put(labels, stream);
        index.add(id, labels);
        return stream;
    }

    /** Streams that exist now. */
    public int streamCount() {
        return byLabels.size();
    }

    /** Seals every stream's head into a chunk (used before flushing, and by tests). */
    public void cutAll() {
        for (LogStream stream : byLabels.values()) {
            stream.cut();
        }
    }

    /** Sealed chunks across streams, and their encoded bytes. */
    public long[] chunkStatistics() {
        long chunks = 0;
        long bytes = 0;
        for (LogStream stream : byLabels.values()) {
            chunks += stream.chunkCount();
            bytes += stream.encodedChunkBytes();
        }
        return new long[] {chunks, bytes};
    }

    private List<LogStream> matching(List<LabelMatcher> matchers, long from, long to) {
        RoaringBitmap ids = index.select(matchers);
        LogStream[] streams = byId;
        List<LogStream> out = new ArrayList<>(ids.getCardinality());
        IntIterator it = ids.getIntIterator();
        while (it.hasNext()) {
            int id = it.next();
            LogStream stream = id < streams.length ? streams[id] : null;
            if (stream != null && stream.overlaps(from, to)) {
                out.add(stream);
            }
        }
        return out;
    }

    /** The values of the request's label equalities that a stream's entries can only get from their metadata. */
    private static List<String> metadataMustContain(Labels stream, ScanRequest request) {
        if (request.labelEqualities().isEmpty()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (LabelMatcher m : request.labelEqualities()) {
            if (!stream.has(m.name())) {
                values.add(m.value());
            }
        }
        return values;
    }

    @Override
    public StreamScan scan(ScanRequest request) {
        LineConditions conditions = LineConditions.compile(request.lineConditions());
        List<List<LineSubstring>> required = conditions.requiredSubstrings();
        ScanStatistics statistics = new ScanStatistics();
        List<StreamCursor> cursors = new ArrayList<>();
        List<LogBlock> used = new ArrayList<>();
        List<DeleteRequest> pending = deletes.all();
        blocksLock.readLock().lock();
        try {
            // Every block a cursor may read is held until the scan closes, so that a block
            // replaced meanwhile is deleted only after it.
            for (LogBlock block : blocksById.values()) {
                if (block.meta().overlaps(request.from(), request.to()) && block.acquire()) {
                    used.add(block);
                }
            }
            for (LogStream stream : matching(request.matchers(), request.from(), request.to())) {
                StreamCursor cursor = stream.cursor(request.from(), request.to(), required, metadataMustContain(stream.labels, request),
                        request.backward(), conditions, DeleteRequests.linesOf(stream.labels, pending), statistics.part(), blocks::fetch);
                if (cursor != null) {
                    cursors.add(cursor.checkedBy(request.check()));
                }
            }
        } finally {
            blocksLock.readLock().unlock();
        }
        return new StreamScan(cursors, statistics, () -> used.forEach(LogBlock::release));
    }

    @Override
    public List<Labels> series(List<LabelMatcher> matchers, long from, long to) {
        List<Labels> out = new ArrayList<>();
        for (LogStream stream : matching(matchers, from, to)) {
            out.add(stream.labels);
        }
        out.sort(null);
        return out;
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers, long from, long to) {
        TreeSet<String> names = new TreeSet<>();
        for (LogStream stream : matching(matchers, from, to)) {
            for (int i = 0; i < stream.labels.size(); i++) {
                names.add(stream.labels.name(i));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers, long from, long to) {
        TreeSet<String> values = new TreeSet<>();
        for (LogStream stream : matching(matchers, from, to)) {
            String value = stream.labels.get(name);
            if (value != null && !value.isEmpty()) {
                values.add(value);
            }
        }
        return new ArrayList<>(values);
    }

    /**
     * One maintenance round at {@code nowMillis}: drops chunks past retention, processes the
     * delete requests older than {@code deleteCancelPeriodMillis}, and merges blocks inside
     * complete windows. A replaced block is deleted once no scan reads it.
     */
    public void maintain(long nowMillis, long deleteCancelPeriodMillis) throws IOException {
        enforceRetention(nowMillis);
        processDeletes(nowMillis - deleteCancelPeriodMillis);
        compactBlocks(nowMillis);
    }

    /** Deletes whole chunks (and whole blocks) whose newest entry is past retention at {@code nowMillis}; returns the blocks changed. */
    public int enforceRetention(long nowMillis) throws IOException {
        synchronized (maintenance) {
            return maintainer.enforceRetention(nowMillis);
        }
    }

    /**
     * Removes from the blocks the lines of every received delete request made at or before
     * {@code createdByMillis} (flushing first, so that every line pushed before the request is in
     * a block), then marks those requests processed; returns how many were processed.
     */
    public int processDeletes(long createdByMillis) throws IOException {
        synchronized (maintenance) {
            return maintainer.processDeletes(createdByMillis);
        }
    }

    /** Merges the blocks inside each complete window ({@link LogCompactor#plan}) until none is left to merge; returns the merges. */
    public int compactBlocks(long nowMillis) throws IOException {
        synchronized (maintenance) {
            return maintainer.compactBlocks(nowMillis);
        }
    }

    /** The blocks in service now. */
    List<LogBlock> liveBlocks() {
        blocksLock.readLock().lock();
        try {
            return new ArrayList<>(blocksById.values());
        } finally {
            blocksLock.readLock().unlock();
        }
    }

    /** Puts {@code replacement} (null: nothing) in service instead of {@code sources}, which are deleted once no scan reads them. */
    void replace(List<LogBlock> sources, LogBlock replacement) throws IOException {
        blocksLock.writeLock().lock();
        try {
            for (LogBlock source : sources) {
                blocksById.remove(source.meta().id());
                String chunksKey = source.index().streams().isEmpty() ? null : source.index().streams().get(0).refs().get(0).chunksKey();
                for (LogBlockIndex.Stream s : source.index().streams()) {
                    LogStream stream = byLabels.get(s.labels());
                    if (stream != null) {
                        stream.removeFlushed(chunksKey);
                    }
                }
            }
            if (replacement != null) {
                attach(replacement);
            }
        } finally {
            blocksLock.writeLock().unlock();
        }
        for (LogBlock source : sources) {
            String id = source.meta().id();
            source.retire(() -> {
                try {
                    blocks.delete(id);
                } catch (IOException e) {
                    LOG.warn("Deleting replaced log block {} failed; it is deleted at the next open", id, e);
                }
            });
        }
    }

    /** The block ids in service, oldest first (for tests and statistics). */
    public List<String> blockIds() {
        blocksLock.readLock().lock();
        try {
            return new ArrayList<>(blocksById.keySet());
        } finally {
            blocksLock.readLock().unlock();
        }
    }

    @Override
    public DeleteRequest requestDelete(String query, List<LabelMatcher> selector, List<LineCondition> lineConditions, long startNanos,
                                       long endNanos) throws IOException {
        return deletes.add(query, selector, lineConditions, startNanos, endNanos, System.currentTimeMillis());
    }

    @Override
    public List<DeleteRequest> deleteRequests() {
        return deletes.all();
    }

    @Override
    public boolean cancelDelete(String requestId) throws IOException {
        return deletes.cancel(requestId);
    }

    @Override
    public List<StreamChunks> chunkExtents(List<LabelMatcher> matchers, long from, long to) {
        List<StreamChunks> out = new ArrayList<>();
        for (LogStream stream : matching(matchers, from, to)) {
            List<ChunkExtent> extents = stream.extents(from, to);
            if (!extents.isEmpty()) {
                out.add(new StreamChunks(stream.labels, extents));
            }
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return out;
    }

    @Override
    public Subscription subscribe(List<LabelMatcher> matchers, EntryListener listener) {
        return live.add(matchers, listener);
    }

    /** Live subscriptions open now. */
    public int subscriptionCount() {
        return live.size();
    }

    @Override
    public void close() throws IOException {
        wal.close();
        blocksLock.writeLock().lock();
        try {
            for (LogBlock block : blocksById.values()) {
                block.closeBlooms();
            }
        } finally {
            blocksLock.writeLock().unlock();
        }
    }
}
