package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.tsdb.Tsdb;
import dev.panoptes.metrics.tsdb.TsdbSettings;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real database a script runs against: a {@link Tsdb} in a temporary directory, written
 * through its appender as a receiver would. {@code clear} closes it and opens a fresh one. Not
 * thread-safe.
 */
final class ScriptStorage implements Closeable {

    private final Path root;
    private int generation;
    private LocalDirectoryObjectStore store;
    private Tsdb tsdb;

    private ScriptStorage(Path root) {
        this.root = root;
    }

    static ScriptStorage open() throws IOException {
        ScriptStorage s = new ScriptStorage(Files.createTempDirectory("panoptes-promqltest-"));
        s.openFresh();
        return s;
    }

    Tsdb tsdb() {
        return tsdb;
    }

    /** Drops every sample: the database is closed, deleted and opened again empty. */
    void clear() throws IOException {
        closeCurrent();
        openFresh();
    }

    /**
     * Appends a {@code load} block in one batch: each series' values in time order, then (for
     * {@code load_with_nhcb}) the histograms built from its classic histogram series.
     *
     * @throws LoadException when the storage refuses a sample or the classic series are invalid
     */
    void load(Command.Load load) throws LoadException, IOException {
        Appender appender = tsdb.appender();
        Object series = null;
        long t = 0;
        try {
            for (SeriesLine s : load.series()) {
                long ref = 0;
                series = s.labels();
                ValueSequence values = s.values();
                for (int i = 0; i < values.size(); i++) {
                    t = i * load.intervalMillis();
                    switch (values.kind(i)) {
                        case ValueSequence.FLOAT -> ref = appender.append(ref, s.labels(), s.startTimestamp(i, t), t, values.floatAt(i));
                        case ValueSequence.HISTOGRAM -> {
                            validate(values.histogramAt(i), s.labels(), t);
                            ref = appender.appendHistogram(ref, s.labels(), s.startTimestamp(i, t), t, null, values.histogramAt(i));
                        }
                        default -> {
                        }
                    }
                }
            }
            if (load.withNhcb()) {
                List<ClassicHistogramConversion.Converted> converted;
                try {
                    converted = ClassicHistogramConversion.convert(load.series(), load.intervalMillis());
                } catch (IllegalArgumentException e) {
                    throw new LoadException("load_with_nhcb: " + e.getMessage());
                }
                for (ClassicHistogramConversion.Converted c : converted) {
                    long ref = 0;
                    series = c.labels();
                    for (int i = 0; i < c.timestamps().length; i++) {
                        t = c.timestamps()[i];
                        validate(c.histograms()[i], c.labels(), t);
                        ref = appender.appendHistogram(ref, c.labels(), c.timestamps()[i], null, c.histograms()[i]);
                    }
                }
            }
        } catch (SampleRejectedException e) {
            appender.rollback();
            throw new LoadException("the storage refused the sample of " + series + " at " + t + ": " + e.reason());
        } catch (LoadException e) {
            appender.rollback();
            throw e;
        }
        appender.commit();
    }

    private static void validate(FloatHistogram h, Object series, long t) throws LoadException {
        try {
            h.validate();
        } catch (IllegalArgumentException e) {
            throw new LoadException("invalid histogram for " + series + " at " + t + ": " + e.getMessage());
        }
    }

    /** A {@code load} block that could not be stored; it stops the script. */
    static final class LoadException extends Exception {
        LoadException(String message) {
            super(message, null, false, false);
        }
    }

    private void openFresh() throws IOException {
        Path dir = root.resolve(Integer.toString(generation++));
        store = LocalDirectoryObjectStore.open(dir.resolve("objects"));
        tsdb = Tsdb.open(dir.resolve("tenant"), store, "metrics/tenant/blocks/",
                TsdbSettings.defaults().withWalSync(TsdbSettings.SyncPolicy.PERIODIC));
    }

    private void closeCurrent() throws IOException {
        try {
            tsdb.close();
        } finally {
            store.close();
            deleteTree(root.resolve(Integer.toString(generation - 1)));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeCurrent();
        } finally {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
