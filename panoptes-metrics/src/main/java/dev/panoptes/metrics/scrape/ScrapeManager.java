package dev.panoptes.metrics.scrape;

import dev.panoptes.metrics.storage.Storage;
import java.io.Closeable;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scrape loop per target of the configured jobs, re-reading file and HTTP service
 * discovery at their refresh intervals: new targets start, vanished ones stop with their series
 * marked stale. Each target is scraped at a fixed offset within its interval, derived from its
 * URL and labels, so that many targets spread over the interval instead of all firing at once,
 * and a target keeps its phase across restarts.
 *
 * <p>Thread-safe. Scrapes run on virtual threads, one at a time per target.
 */
public final class ScrapeManager implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ScrapeManager.class);

    private record Running(ScrapeLoop loop, ScheduledFuture<?> schedule) {
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "scrape-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
    /** One HTTP client per job, since each job has its own TLS settings. */
    private final List<HttpClient> clients = new ArrayList<>();
    private final ScrapeConfig.Global global;
    private final Storage storage;
    private final boolean createdTimestampZeros;
    /** Running loops by job, then by target key. */
    private final Map<String, Map<String, Running>> running = new HashMap<>();
    private boolean closed;

    /** Discovers every target of {@code configs} and starts scraping them into {@code storage}. */
    public ScrapeManager(List<ScrapeConfig> configs, ScrapeConfig.Global global, Storage storage) {
        this(configs, global, storage, false);
    }

    /**
     * As above; with {@code createdTimestampZeros}, a zero sample goes in at the created timestamp
     * the protobuf format gives for counters, summaries and histograms.
     */
    public ScrapeManager(List<ScrapeConfig> configs, ScrapeConfig.Global global, Storage storage, boolean createdTimestampZeros) {
        this.global = global;
        this.storage = storage;
        this.createdTimestampZeros = createdTimestampZeros;
        for (ScrapeConfig config : configs) {
            HttpClient client = ScrapeTls.client(config.tlsConfig(), httpExecutor);
            clients.add(client);
            TargetDiscovery discovery = new TargetDiscovery(config, client);
            Relabeler relabeler = new Relabeler(config.relabelConfigs());
            reconcile(config, discovery, relabeler, client);
            Duration refresh = discovery.refreshInterval();
            if (refresh != null) {
                scheduler.scheduleWithFixedDelay(() -> reconcile(config, discovery, relabeler, client), refresh.toMillis(), refresh.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Starts loops for new targets of a job and stops those no longer discovered. */
    private synchronized void reconcile(ScrapeConfig config, TargetDiscovery discovery, Relabeler relabeler, HttpClient client) {
        if (closed) {
            return;
        }
        Map<String, ScrapeTarget> desired = new LinkedHashMap<>();
        for (ScrapeConfig.StaticConfig group : discovery.groups()) {
            for (String address : group.targets()) {
                ScrapeTarget target = ScrapeTarget.of(config, global, address, group.labels(), relabeler);
                if (target != null) {
                    desired.putIfAbsent(target.url() + " " + target.labels(), target);
                }
            }
        }
        Map<String, Running> jobLoops = running.computeIfAbsent(config.jobName(), j -> new LinkedHashMap<>());
        long now = System.currentTimeMillis();
        for (Iterator<Map.Entry<String, Running>> it = jobLoops.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Running> entry = it.next();
            if (!desired.containsKey(entry.getKey())) {
                stop(entry.getValue(), now);
                it.remove();
                LOG.info("Stopped scraping {} of job {}: no longer discovered", entry.getValue().loop().target().url(), config.jobName());
            }
        }
        for (Map.Entry<String, ScrapeTarget> entry : desired.entrySet()) {
            if (!jobLoops.containsKey(entry.getKey())) {
                ScrapeLoop loop = new ScrapeLoop(entry.getValue(), config, storage, client, createdTimestampZeros);
                jobLoops.put(entry.getKey(), new Running(loop, schedule(loop)));
            }
        }
    }

    private ScheduledFuture<?> schedule(ScrapeLoop loop) {
        long interval = loop.target().interval().toMillis();
        long offset = Math.floorMod((long) (loop.target().url().toString() + loop.target().labels()).hashCode() * 31, interval);
        long now = System.currentTimeMillis();
        long first = now - Math.floorMod(now, interval) + offset;
        if (first < now) {
            first += interval;
        }
        Runnable scrape = () -> Thread.ofVirtual().name("scrape-" + loop.target().url()).start(() -> {
            synchronized (loop) {
                loop.scrape(System.currentTimeMillis());
            }
        });
        return scheduler.scheduleAtFixedRate(scrape, first - now, interval, TimeUnit.MILLISECONDS);
    }

    private static void stop(Running run, long time) {
        run.schedule().cancel(false);
        synchronized (run.loop()) {
            run.loop().stop(time);
        }
    }

    /** The targets being scraped (URL and labels), for status pages and tests. */
    public synchronized List<Map.Entry<String, String>> targets() {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        for (Map<String, Running> jobLoops : running.values()) {
            for (Running run : jobLoops.values()) {
                result.add(Map.entry(run.loop().target().url().toString(), run.loop().target().labels().toString()));
            }
        }
        return result;
    }

    /** Stops scraping and marks every target's series stale. */
    @Override
    public synchronized void close() {
        closed = true;
        scheduler.shutdownNow();
        long now = System.currentTimeMillis();
        for (Map<String, Running> jobLoops : running.values()) {
            for (Running run : jobLoops.values()) {
                stop(run, now);
            }
        }
        running.clear();
        for (HttpClient client : clients) {
            client.shutdownNow();
        }
        httpExecutor.shutdownNow();
    }
}
