package dev.panoptes.metrics.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.codec.CorruptDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedChunkFilesTest {

    @TempDir
    Path dir;

    private long files() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    @Test
    void chunksReadBackAcrossSegmentsAndOldSegmentsAreDeleted() throws Exception {
        Files.writeString(dir.resolve("000000"), "left over from before a restart");
        MappedChunkFiles files = new MappedChunkFiles(dir, 1024);
        assertThat(files()).isZero();
        List<Long> refs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] chunk = new byte[100 + i];
            chunk[0] = (byte) i;
            chunk[chunk.length - 1] = (byte) -i;
            refs.add(files.write(chunk, i * 1000L));
        }
        for (int i = 0; i < 40; i++) {
            byte[] chunk = files.read(refs.get(i));
            assertThat(chunk).hasSize(100 + i);
            assertThat(chunk[0]).isEqualTo((byte) i);
            assertThat(chunk[chunk.length - 1]).isEqualTo((byte) -i);
        }
        long before = files();
        assertThat(before).isGreaterThan(3);
        files.deleteBefore(20_000);
        assertThat(files()).isLessThan(before);
        assertThatThrownBy(() -> files.read(refs.get(0))).isInstanceOf(CorruptDataException.class);
        assertThat(files.read(refs.get(39))[0]).isEqualTo((byte) 39);
        files.close();
    }
}
