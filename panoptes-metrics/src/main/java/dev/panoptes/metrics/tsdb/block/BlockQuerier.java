package dev.panoptes.metrics.tsdb.block;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.index.PostingsMatcher;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.LabelLists;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.Series;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.chunk.ChunkList;
import dev.panoptes.metrics.tsdb.chunk.ChunkListIterator;
import dev.panoptes.metrics.tsdb.tombstone.Intervals;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads one block over {@code [mint, maxt]}. Series ordinals are in label order, so the postings
 * of a selection come out sorted with no extra work; each series' chunks are fetched when the
 * selection reaches it. A damaged chunk drops that series from the answer with a warning naming
 * it, and the rest is served.
 *
 * <p>Not thread-safe; one querier per query.
 */
public final class BlockQuerier implements Querier {

    private final BlockReader block;
    private final long mint;
    private final long maxt;
    private boolean closed;

    /** Reads {@code block}, which the caller has {@linkplain BlockReader#acquire acquired}; {@link #close} releases it. */
    public BlockQuerier(BlockReader block, long mint, long maxt) {
        this.block = block;
        this.mint = mint;
        this.maxt = maxt;
    }

    @Override
    public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
        RoaringBitmap ordinals = PostingsMatcher.select(block, matchers);
        PeekableIntIterator it = ordinals.getIntIterator();
        List<String> warnings = new ArrayList<>();
        return new SeriesSet() {
            private final ChunkListIterator probe = new ChunkListIterator();
            private Series current;

            @Override
            public boolean next() {
                while (it.hasNext()) {
                    int ordinal = it.next();
                    List<ChunkMeta> metas = block.chunks(ordinal, mint, maxt);
                    Intervals deleted = block.deleted(ordinal);
                    if (!deleted.isEmpty()) {
                        metas.removeIf(c -> deleted.covers(c.minTime(), c.maxTime()));
                    }
                    if (metas.isEmpty()) {
                        continue;
                    }
                    Labels labels = block.labels(ordinal);
                    ChunkList chunks;
                    try {
                        chunks = block.load(metas);
                    } catch (CorruptDataException | IOException e) {
                        warnings.add("block " + block.meta().id() + ", series " + labels + ": " + e.getMessage());
                        continue;
                    }
                    if (!surelyHasSample(metas, deleted) && probe.reset(chunks, mint, maxt, deleted).next() == ValueType.NONE) {
                        continue;
                    }
                    current = new BlockSeries(labels, chunks, deleted, mint, maxt);
                    return true;
                }
                return false;
            }

            /**
             * True when a chunk's first or last sample (at its min or max time) lies in range and
             * nothing is deleted: then the series has a sample without decoding a chunk to look.
             */
            private boolean surelyHasSample(List<ChunkMeta> metas, Intervals deleted) {
                if (!deleted.isEmpty()) {
                    return false;
                }
                for (ChunkMeta c : metas) {
                    if ((c.minTime() >= mint && c.minTime() <= maxt) || (c.maxTime() >= mint && c.maxTime() <= maxt)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public Series at() {
                return current;
            }

            @Override
            public List<String> warnings() {
                return warnings;
            }
        };
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers, int limit) {
        if (matchers.isEmpty()) {
            List<String> values = new ArrayList<>();
            block.values(name, "").forEach(values::add);
            return LabelLists.limited(values, limit);
        }
        return LabelLists.limited(LabelLists.valuesIn(select(SelectHints.range(mint, maxt), matchers), name), limit);
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers, int limit) {
        if (matchers.isEmpty()) {
            return LabelLists.limited(block.labelNames(), limit);
        }
        return LabelLists.limited(LabelLists.namesIn(select(SelectHints.range(mint, maxt), matchers)), limit);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            block.release();
        }
    }

    /** One block series with its chunks loaded. */
    record BlockSeries(Labels labels, ChunkList chunks, Intervals deleted, long mint, long maxt) implements Series {
        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            ChunkListIterator it = reuse instanceof ChunkListIterator c ? c : new ChunkListIterator();
            return it.reset(chunks, mint, maxt, deleted);
        }
    }
}
