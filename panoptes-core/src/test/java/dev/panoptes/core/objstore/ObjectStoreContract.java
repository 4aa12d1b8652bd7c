package dev.panoptes.core.objstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ObjectStore} must have. An implementation's test extends this class
 * and says how to open a fresh, empty store; the cases here then run against it unchanged.
 */
public abstract class ObjectStoreContract {

    protected ObjectStore store;

    @TempDir
    protected Path scratch;

    /** Opens a new, empty store. */
    protected abstract ObjectStore openEmptyStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = openEmptyStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void getReturnsWhatPutStored() throws Exception {
        store.put("blocks/01/meta.json", "{\"v\":1}".getBytes(UTF_8));

        assertThat(new String(store.get("blocks/01/meta.json"), UTF_8)).isEqualTo("{\"v\":1}");
    }

    @Test
    void putReplacesAnExistingObject() throws Exception {
        store.put("a", "old".getBytes(UTF_8));
        store.put("a", "new and longer".getBytes(UTF_8));

        assertThat(new String(store.get("a"), UTF_8)).isEqualTo("new and longer");
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("a");
    }

    @Test
    void emptyObjectsAreObjects() throws Exception {
        store.put("empty", new byte[0]);

        assertThat(store.get("empty")).isEmpty();
        assertThat(store.stat("empty").size()).isZero();
    }

    @Test
    void putFromStreamStoresExactlyTheGivenLength() throws Exception {
        byte[] data = "0123456789".getBytes(UTF_8);

        store.put("s", new ByteArrayInputStream(data), 4);

        assertThat(new String(store.get("s"), UTF_8)).isEqualTo("0123");
    }

    @Test
    void streamEndingEarlyFailsThePutAndLeavesNothing() {
        assertThatThrownBy(() -> store.put("short", new ByteArrayInputStream(new byte[3]), 10))
                .isInstanceOf(EOFException.class);

        assertThatThrownBy(() -> store.get("short")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void putFromFileCopiesTheFile() throws Exception {
        Path file = scratch.resolve("upload.bin");
        byte[] data = randomBytes(300_000, 7);
        Files.write(file, data);

        store.put("big/object", file);

        assertThat(store.get("big/object")).isEqualTo(data);
        assertThat(store.stat("big/object").size()).isEqualTo(data.length);
    }

    @Test
    void rangedGetReturnsTheRangeAndStopsAtTheEnd() throws Exception {
        store.put("r", "abcdefghij".getBytes(UTF_8));

        try (InputStream in = store.getRange("r", 2, 3)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("cde");
        }
        try (InputStream in = store.getRange("r", 8, 100)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("ij");
        }
        try (InputStream in = store.getRange("r", 10, 5)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void rangeReaderReadsAnyRangesAndRefusesPastTheEnd() throws Exception {
        store.put("r", "abcdefghij".getBytes(UTF_8));

        try (RangeReader reader = store.openRangeReader("r")) {
            assertThat(reader.size()).isEqualTo(10);
            byte[] dst = new byte[5];
            reader.readFully(7, dst, 1, 3);
            reader.readFully(0, dst, 0, 1);
            assertThat(new String(dst, 0, 4, UTF_8)).isEqualTo("ahij");
            reader.readFully(10, dst, 0, 0);
            assertThatThrownBy(() -> reader.readFully(8, dst, 0, 3)).isInstanceOf(EOFException.class);
        }
        assertThatThrownBy(() -> store.openRangeReader("missing")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void missingObjectsAreReportedAsNotFound() {
        assertThatThrownBy(() -> store.get("nope")).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> store.getRange("nope", 0, 1)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.stat("nope")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void listReturnsKeysUnderAPrefixInOrder() throws Exception {
        for (String key : List.of("b/2", "a/1", "b/1", "b10/x", "c")) {
            store.put(key, key.getBytes(UTF_8));
        }

        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("a/1", "b/1", "b/2", "b10/x", "c");
        assertThat(store.list("b/")).extracting(ObjectInfo::key).containsExactly("b/1", "b/2");
        assertThat(store.list("b")).extracting(ObjectInfo::key).containsExactly("b/1", "b/2", "b10/x");
        assertThat(store.list("zzz/")).isEmpty();
        assertThat(store.list("b/1")).singleElement().satisfies(info -> assertThat(info.size()).isEqualTo(3));
    }

    @Test
    void deleteRemovesAndToleratesMissing() throws Exception {
        store.put("d/1", new byte[] {1});
        store.put("d/2", new byte[] {2});

        store.delete("d/1");
        store.delete("d/1");
        store.delete("never/there");

        assertThat(store.list("d/")).extracting(ObjectInfo::key).containsExactly("d/2");
        store.delete("d/2");
        assertThat(store.list("")).isEmpty();
        store.put("d/3", new byte[] {3});
        assertThat(store.get("d/3")).containsExactly(3);
    }

    @Test
    void rejectsKeysThatCouldEscapeOrAreMalformed() {
        for (String bad : List.of("", "/abs", "a//b", "a/../b", "..", "a/./b", "trailing/", "back\\slash", "ctl\u0001")) {
            assertThatThrownBy(() -> store.put(bad, new byte[0])).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneWholeValue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                values.add(randomBytes(50_000, i));
            }
            List<Future<?>> futures = new ArrayList<>();
            for (byte[] value : values) {
                futures.add(pool.submit(() -> {
                    store.put("contended", value);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            byte[] stored = store.get("contended");
            assertThat(values).anySatisfy(value -> assertThat(stored).isEqualTo(value));
        } finally {
            pool.shutdownNow();
        }
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
