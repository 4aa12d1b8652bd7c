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
 * block once per {@code flush_interval} on one thread and maintained (retention, delete
 * requests, compaction) once per interval on another.
 *
 * <p>Thread-safe. Tenant ids are validated before they get here ({@link TenantId}), so they are
 * safe as directory names.
 */
public final class TenantLogStores implements TenantLogReaders, TenantLogDeletes, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(TenantLogStores.class);

    private final Path dir;
    private final ObjectStore objects;
    private final LogStoreSettings settings;
    private final Function<TenantId, TenantStorePolicy> policies;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "log-store-flusher"));
    /**
     * Maintenance has its own thread: a long compaction or delete pass must not hold back the
     * flushes that keep the write-ahead log short. The store's locks let the two run at once.
     */
    private final ScheduledExecutorService maintainer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "log-store-maintenance"));
    private final ConcurrentHashMap<String, TenantLogStore> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private TenantLogStores(Path dir, ObjectStore objects, LogStoreSettings settings, Function<TenantId, TenantStorePolicy> policies) {
        this.dir = dir;
        this.objects = objects;
        this.settings = settings;
        this.policies = policies;
    }

    /**
     * Opens every tenant's store found in {@code dir}, keeping everything, each within the
     * settings' stream limit, and starts flushing them.
     */
    public static TenantLogStores open(Path dir, ObjectStore objects, LogStoreSettings settings) throws IOException {
        TenantStorePolicy everyone = new TenantStorePolicy(RetentionPolicy.KEEP_ALL, settings.maxStreams());
        return open(dir, objects, settings, tenant -> everyone);
    }

    /**
     * Opens every tenant's store found in {@code dir}, each with its tenant's policy (whose stream
     * limit replaces the settings'), and starts flushing and maintaining them.
     */
    public static TenantLogStores open(Path dir, ObjectStore objects, LogStoreSettings settings, Function<TenantId, TenantStorePolicy> policies)
            throws IOException {
        Files.createDirectories(dir);
        TenantLogStores stores = new TenantLogStores(dir, objects, settings, policies);
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
            stores.flusher.scheduleWithFixedDelay(stores::flush, every, every, TimeUnit.MILLISECONDS);
            // Half a period later, so that a round usually finds the flush just done in a block.
            stores.maintainer.scheduleWithFixedDelay(stores::maintain, every + every / 2, every, TimeUnit.MILLISECONDS);
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

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
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
                TenantStorePolicy policy = policies.apply(TenantId.of(name));
                return TenantLogStore.open(dir.resolve(name), settings.withMaxStreams(policy.maxStreams()), objects, "logs/" + name + "/blocks/",
                        policy.retention());
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
        maintainer.shutdown();
        try {
            // A flush or maintenance pass under way finishes (its block, its log fold, its
            // replacement block) before the stores close under it.
            if (!flusher.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("A log flush is still running at shutdown; the write-ahead log keeps its entries");
            }
            if (!maintainer.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("Log block maintenance is still running at shutdown; it is taken up again at the next start");
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
