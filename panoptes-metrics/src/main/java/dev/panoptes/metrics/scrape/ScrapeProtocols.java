package dev.panoptes.metrics.scrape;

import java.util.List;
import java.util.Locale;

/**
 * What a target's scrapes negotiate and keep: the formats asked for in order of preference, the
 * one assumed when a response's Content-Type names none, and what becomes of histograms.
 *
 * @param accepted {@code scrape_protocols}, most preferred first
 * @param fallback the format of a response without a usable Content-Type
 * @param nativeHistograms native histograms are stored as such ({@code scrape_native_histograms})
 * @param classicHistograms a histogram stored as native keeps its classic series too
 *     ({@code always_scrape_classic_histograms})
 */
record ScrapeProtocols(List<ScrapeProtocol> accepted, ScrapeProtocol fallback, boolean nativeHistograms, boolean classicHistograms) {

    static final ScrapeProtocols DEFAULT = new ScrapeProtocols(ScrapeProtocol.DEFAULT, ScrapeProtocol.PROMETHEUS_TEXT_0_0_4, false, false);

    ScrapeProtocols {
        accepted = List.copyOf(accepted);
    }

    /** The Accept header: each format with a falling weight, then anything at the lowest. */
    String acceptHeader() {
        StringBuilder header = new StringBuilder();
        int n = accepted.size();
        for (int i = 0; i < n; i++) {
            double q = (double) (n - i) / (n + 1);
            header.append(accepted.get(i).mediaType()).append(";q=").append(String.format(Locale.ROOT, "%.3f", q)).append(',');
        }
        return header.append("*/*;q=").append(String.format(Locale.ROOT, "%.3f", 0.5 / (n + 1))).toString();
    }

    /** The format to parse a response with. */
    ScrapeProtocol forContentType(String contentType) {
        ScrapeProtocol protocol = contentType == null ? null : ScrapeProtocol.ofContentType(contentType);
        return protocol == null ? fallback : protocol;
    }
}
