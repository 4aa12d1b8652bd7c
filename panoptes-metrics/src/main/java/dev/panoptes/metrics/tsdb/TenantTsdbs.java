package dev.panoptes.metrics.tsdb;

import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.storage.StorageException;
import dev.panoptes.metrics.storage.TenantStorage;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant's metrics database under one directory, {@code <dir>/<tenant>}. Tenants whose
 * directories exist are opened (and their logs replayed) at start-up, so data written before a
 * restart is queryable at once; others are opened on their first request.
 *
 * <p>Thread-safe. Tenant ids are validated before they get here ({@link TenantId}), so they are
 * safe as directory names.
 */
public final class TenantTsdbs implements TenantStorage, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(TenantTsdbs.class);

    private final Path dir;
    private final ObjectStore store;
    private final TsdbSettings settings;
    private final ConcurrentHashMap<String, Tsdb> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private final ScheduledExecutorService compactor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "tsdb-head-compactor");
        thread.setDaemon(true);
        return thread;
    });

    private TenantTsdbs(Path dir, ObjectStore store, TsdbSettings settings) {
        this.dir = dir;
        this.store = store;
        this.settings = settings;
    }

    /**
     * Opens every tenant's database found in {@code dir}, with blocks in {@code store} under
     * {@code metrics/<tenant>/blocks/}, and starts maintaining them (cutting blocks, merging, retention) once a minute.
     */
    public static TenantTsdbs open(Path dir, ObjectStore store, TsdbSettings settings) throws IOException {
        Files.createDirectories(dir);
        TenantTsdbs tsdbs = new TenantTsdbs(dir, store, settings);
        try (DirectoryStream<Path> tenants = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path tenantDir : tenants) {
                String name = tenantDir.getFileName().toString();
                if (TenantId.problemWith(name) == null) {
                    tsdbs.forTenant(TenantId.of(name));
                }
            }
        } catch (RuntimeException | IOException e) {
            tsdbs.close();
            throw e;
        }
        tsdbs.compactor.scheduleWithFixedDelay(tsdbs::maintain, 1, 1, TimeUnit.MINUTES);
        return tsdbs;
    }

    /** Cuts blocks from heads, merges blocks and applies retention in every open database. */
    public void maintain() {
        for (Tsdb tsdb : open.values()) {
            try {
                tsdb.maintain();
            } catch (IOException | RuntimeException e) {
                LOG.error("Cutting a block from the head in {} failed; it will be retried", tsdb.directory(), e);
            }
        }
    }

    @Override
    public Storage forTenant(TenantId tenant) {
        Tsdb tsdb = open.get(tenant.value());
        if (tsdb != null) {
            return tsdb;
        }
        return open.computeIfAbsent(tenant.value(), name -> {
            if (closed) {
                throw new StorageException("the metrics store is closed");
            }
            try {
                return Tsdb.open(dir.resolve(name), store, "metrics/" + name + "/blocks/", settings);
            } catch (IOException e) {
                throw new StorageException("cannot open the metrics store of tenant " + name, new UncheckedIOException(e));
            }
        });
    }

    /** The databases opened so far. */
    public List<Tsdb> opened() {
        return new ArrayList<>(open.values());
    }

    @Override
    public void close() throws IOException {
        closed = true;
        compactor.shutdownNow();
        IOException first = null;
        for (Tsdb tsdb : open.values()) {
            try {
                tsdb.close();
            } catch (IOException e) {
                LOG.error("Closing the metrics store in {} failed", tsdb.directory(), e);
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
