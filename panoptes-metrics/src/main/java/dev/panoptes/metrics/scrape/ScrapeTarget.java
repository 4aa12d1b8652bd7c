package dev.panoptes.metrics.scrape;

import dev.panoptes.core.labels.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A target after relabelling: where to scrape it and the labels its series get ({@code job},
 * {@code instance} and whatever relabelling or the static config added), and the formats its
 * scrapes negotiate.
 */
record ScrapeTarget(URI url, Labels labels, Duration interval, Duration timeout, ScrapeProtocols protocols) {

    /**
     * Builds the targets of a static group, as Prometheus does: discovered labels
     * ({@code __address__}, {@code __scheme__}, {@code __metrics_path__}, {@code __param_*},
     * {@code job}, group labels), relabelled, then labels starting with {@code __} removed and
     * {@code instance} defaulting to the address. A target dropped by relabelling is absent.
     */
    static ScrapeTarget of(ScrapeConfig config, ScrapeConfig.Global global, String address, Map<String, String> groupLabels,
                           Relabeler relabeler) {
        Labels.Builder discovered = Labels.builder()
                .set("__address__", address)
                .set("__scheme__", config.scheme())
                .set("__metrics_path__", config.metricsPath())
                .set("__scrape_interval__", durationText(config.interval(global)))
                .set("__scrape_timeout__", durationText(config.timeout(global)))
                .set("job", config.jobName());
        for (Map.Entry<String, List<String>> param : config.params().entrySet()) {
            if (!param.getValue().isEmpty()) {
                discovered.set("__param_" + param.getKey(), param.getValue().get(0));
            }
        }
        groupLabels.forEach(discovered::set);
        Labels relabelled = relabeler.apply(discovered.build());
        if (relabelled == null || relabelled.get("__address__").isEmpty()) {
            return null;
        }
        StringBuilder query = new StringBuilder();
        Labels.Builder target = Labels.builder();
        for (int i = 0; i < relabelled.size(); i++) {
            String name = relabelled.name(i);
            if (name.startsWith("__param_")) {
                query.append(query.isEmpty() ? "" : "&").append(URLEncoder.encode(name.substring(8), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(relabelled.value(i), StandardCharsets.UTF_8));
            } else if (!name.startsWith("__")) {
                target.set(name, relabelled.value(i));
            }
        }
        if (target.get("instance") == null) {
            target.set("instance", relabelled.get("__address__"));
        }
        String url = relabelled.get("__scheme__") + "://" + relabelled.get("__address__") + relabelled.get("__metrics_path__")
                + (query.isEmpty() ? "" : "?" + query);
        return new ScrapeTarget(URI.create(url), target.build(), config.interval(global), config.timeout(global), config.protocols(global));
    }

    private static String durationText(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
