package dev.panoptes.metrics.scrape;

import dev.panoptes.metrics.storage.Storage;
import java.io.Closeable;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scrape loop per target of the configured jobs. Each target is scraped at a fixed offset
 * within its interval, derived from its URL and labels, so that many targets spread over the
 * interval instead of all firing at once, and a target keeps its phase across restarts.
 *
 * <p>Thread-safe. Scrapes run on virtual threads, one at a time per target.
 */
public final class ScrapeManager implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ScrapeManager.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "scrape-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ScrapeLoop> loops = new ArrayList<>();
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    /** Builds every target of {@code configs} and starts scraping them into {@code storage}. */
    public ScrapeManager(List<ScrapeConfig> configs, ScrapeConfig.Global global, Storage storage) {
        for (ScrapeConfig config : configs) {
            Relabeler relabeler = new Relabeler(config.relabelConfigs());
            for (ScrapeConfig.StaticConfig group : config.staticConfigs()) {
                for (String address : group.targets()) {
                    ScrapeTarget target = ScrapeTarget.of(config, global, address, group.labels(), relabeler);
                    if (target != null) {
                        loops.add(new ScrapeLoop(target, config, storage, client));
                    }
                }
            }
        }
        for (ScrapeLoop loop : loops) {
            schedule(loop);
        }
        if (!loops.isEmpty()) {
            LOG.info("Scraping {} targets", loops.size());
        }
    }

    private void schedule(ScrapeLoop loop) {
        long interval = loop.target().interval().toMillis();
        long offset = Math.floorMod((long) (loop.target().url().toString() + loop.target().labels()).hashCode() * 31, interval);
        long now = System.currentTimeMillis();
        long first = now - Math.floorMod(now, interval) + offset;
        if (first < now) {
            first += interval;
        }
        Runnable scrape = () -> Thread.ofVirtual().name("scrape-" + loop.target().url()).start(() -> {
            synchronized (loop) {
                long scrapeTime = System.currentTimeMillis();
                loop.scrape(scrapeTime);
            }
        });
        schedules.add(scheduler.scheduleAtFixedRate(scrape, first - now, interval, TimeUnit.MILLISECONDS));
    }

    /** The targets being scraped, with their labels, for status pages. */
    public List<Map.Entry<String, String>> targets() {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        for (ScrapeLoop loop : loops) {
            result.add(Map.entry(loop.target().url().toString(), loop.target().labels().toString()));
        }
        return result;
    }

    /** Stops scraping and marks every target's series stale. */
    @Override
    public void close() {
        for (ScheduledFuture<?> schedule : schedules) {
            schedule.cancel(false);
        }
        scheduler.shutdownNow();
        long now = System.currentTimeMillis();
        for (ScrapeLoop loop : loops) {
            synchronized (loop) {
                loop.stop(now);
            }
        }
    }
}
