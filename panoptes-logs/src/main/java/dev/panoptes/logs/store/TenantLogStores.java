package dev.panoptes.logs.store;

import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.core.tenant.TenantId;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant's log store under one directory, {@code <dir>/<tenant>}, with its blocks in the
 * object store under {@code logs/<tenant>/blocks/}. Tenants whose directories exist are opened
 * (their logs replayed) at start-up; others on their first request. Every store is flushed to a
 * block once per {@code flush_interval}, then maintained (retention, delete requests, compaction).
 *
 * <p>Thread-safe. Tenant ids are validated before they get here ({@link TenantId}), so they are
 * safe as directory names.
 */
public final class TenantLogStores implements TenantLogReaders, TenantLogDeletes, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(TenantLogStores.class);

    private final Path dir;
    private final ObjectStore objects;
    private final LogStoreSettings settings;
    private final Function<TenantId, RetentionPolicy> retention;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "log-store-flusher");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentHashMap<String, TenantLogStore> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private TenantLogStores(Path dir, ObjectStore objects, LogStoreSettings settings, Function<TenantId, RetentionPolicy> retention) {
        this.dir = dir;
        this.objects = objects;
        this.settings = settings;
        this.retention = retention;
    }

    /** Opens every tenant's store found in {@code dir}, keeping everything, and starts flushing them. */
    public static TenantLogStores open(Path dir, ObjectStore objects, LogStoreSettings settings) throws IOException {
        return open(dir, objects, settings, tenant -> RetentionPolicy.KEEP_ALL);
    }

    /** Opens every tenant's store found in {@code dir}, each with its retention, and starts flushing and maintaining them. */
    public static TenantLogStores open(Path dir, ObjectStore objects, LogStoreSettings settings, Function<TenantId, RetentionPolicy> retention)
            throws IOException {
        Files.createDirectories(dir);
        TenantLogStores stores = new TenantLogStores(dir, objects, settings, retention);
        try (DirectoryStream<Path> tenants = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path tenantDir : tenants) {
                String name = tenantDir.getFileName().toString();
                if (TenantId.problemWith(name) == null) {
                    stores.forTenant(TenantId.of(name));
                }
            }
        } catch (RuntimeException | IOException e) {
            stores.close();
            throw e;
        }
        long every = settings.flushInterval().toMillis();
        if (every > 0) {
            stores.flusher.scheduleWithFixedDelay(() -> {
                stores.flush();
                stores.maintain();
            }, every, every, TimeUnit.MILLISECONDS);
        }
        return stores;
    }

    /** Flushes every open store into a block; a failure is logged and retried at the next round. */
    public void flush() {
        for (Map.Entry<String, TenantLogStore> store : open.entrySet()) {
            try {
                store.getValue().flush();
            } catch (IOException | RuntimeException e) {
                LOG.error("Flushing the logs of tenant {} failed; the write-ahead log keeps them and the flush is retried", store.getKey(), e);
            }
        }
    }

    /** Runs retention, delete requests and compaction on every open store; a failure is logged and retried at the next round. */
    public void maintain() {
        for (Map.Entry<String, TenantLogStore> store : open.entrySet()) {
            try {
                store.getValue().maintain(System.currentTimeMillis(), settings.deleteCancelPeriod().toMillis());
            } catch (IOException | RuntimeException e) {
                LOG.error("Maintaining the log blocks of tenant {} failed; retried at the next round", store.getKey(), e);
            }
        }
    }

    @Override
    public LogDeletes deletesFor(TenantId tenant) {
        return forTenant(tenant);
    }

    /** The tenant's store, opened on first use. */
    @Override
    public TenantLogStore forTenant(TenantId tenant) {
        TenantLogStore store = open.get(tenant.value());
        if (store != null) {
            return store;
        }
        return open.computeIfAbsent(tenant.value(), name -> {
            if (closed) {
                throw new IllegalStateException("the log store is closed");
            }
            try {
                return TenantLogStore.open(dir.resolve(name), settings, objects, "logs/" + name + "/blocks/", retention.apply(TenantId.of(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the log store of tenant " + name, e);
            }
        });
    }

    /** The stores opened so far. */
    public List<TenantLogStore> opened() {
        return new ArrayList<>(open.values());
    }

    @Override
    public void close() throws IOException {
        closed = true;
        flusher.shutdown();
        try {
            // A flush under way finishes (its block or its log fold) before the logs close under it.
            if (!flusher.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("A log flush is still running at shutdown; the write-ahead log keeps its entries");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException first = null;
        for (TenantLogStore store : open.values()) {
            try {
                store.close();
            } catch (IOException e) {
                LOG.error("Closing a log store in {} failed", dir, e);
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
