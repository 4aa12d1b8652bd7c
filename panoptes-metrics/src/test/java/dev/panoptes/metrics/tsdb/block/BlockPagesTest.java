package dev.panoptes.metrics.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.chunk.ChunkEncoding;
import dev.panoptes.metrics.tsdb.chunk.ChunkList;
import dev.panoptes.metrics.tsdb.chunk.ChunkListIterator;
import dev.panoptes.metrics.tsdb.chunk.DenseFloatChunk;
import dev.panoptes.metrics.tsdb.chunk.EncodedChunk;
import dev.panoptes.metrics.tsdb.chunk.XorChunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Float chunks of many series share compressed pages in a block and read back exactly. */
class BlockPagesTest {

    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void seriesSharingPagesReadBackSampleForSample() throws Exception {
        Random random = new Random(7);
        int seriesCount = 3000;
        List<long[]> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        BlockMeta meta;
        try (LocalDirectoryObjectStore store = LocalDirectoryObjectStore.open(dir.resolve("store"));
             BlockWriter writer = new BlockWriter(dir.resolve("staging"))) {
            for (int s = 0; s < seriesCount; s++) {
                int n = 1 + random.nextInt(240);
                long[] ts = new long[n];
                double[] vs = new double[n];
                long t = random.nextInt(60_000);
                double v = random.nextInt(1000);
                for (int i = 0; i < n; i++) {
                    ts[i] = t;
                    vs[i] = s % 3 == 0 ? random.nextDouble() : v;
                    t += 15_000 + random.nextInt(20);
                    v += random.nextInt(100) / 4.0;
                }
                times.add(ts);
                values.add(vs);
                writer.addSeries(labels(s), List.of(chunk(s, ts, vs)));
            }
            String id = BlockId.next(System.currentTimeMillis());
            meta = writer.finish(id, 0, 2 * HOUR, 1, List.of(id));
            writer.upload(store, "blocks/" + id + "/", meta);

            BlockReader reader = BlockReader.open(store, "blocks/" + id + "/", meta, dir.resolve("cache"));
            Set<Long> pageEntries = new HashSet<>();
            ChunkListIterator it = new ChunkListIterator();
            for (int s = 0; s < seriesCount; s++) {
                List<ChunkMeta> metas = reader.chunks(s, 0, 2 * HOUR);
                assertThat(reader.labels(s)).isEqualTo(labels(s));
                assertThat(metas).allMatch(ChunkMeta::paged);
                metas.forEach(c -> pageEntries.add(c.offset()));
                ChunkList chunks = reader.load(metas);
                it.reset(chunks, 0, 2 * HOUR);
                long[] ts = times.get(s);
                double[] vs = values.get(s);
                for (int i = 0; i < ts.length; i++) {
                    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
                    assertThat(it.atT()).isEqualTo(ts[i]);
                    assertThat(Double.doubleToRawLongBits(it.atFloat())).isEqualTo(Double.doubleToRawLongBits(vs[i]));
                }
                assertThat(it.next()).isEqualTo(ValueType.NONE);
            }
            // Many series per page, and more than one page.
            assertThat(pageEntries.size()).isGreaterThan(1).isLessThan(seriesCount / 20);
        }
    }

    /** Series alternate between head chunks (densified by the writer) and already dense, compressed chunks. */
    private static EncodedChunk chunk(int s, long[] ts, double[] vs) {
        int n = ts.length;
        if (s % 2 == 0) {
            byte[] dense = DenseFloatChunk.encode(ts, vs, n);
            return new EncodedChunk(ChunkEncoding.DENSE_FLOAT, ts[0], ts[n - 1], n, dense, 0, dense.length);
        }
        XorChunk xor = new XorChunk();
        for (int i = 0; i < n; i++) {
            xor.append(ts[i], vs[i]);
        }
        return new EncodedChunk(ChunkEncoding.XOR, ts[0], ts[n - 1], n, xor.bytes(), 0, xor.length());
    }

    private static Labels labels(int s) {
        return Labels.of("__name__", "m", "series", String.format(Locale.ROOT, "%06d", s));
    }
}
