/**
 * The built-in scraper: Prometheus-compatible {@code scrape_configs} (static targets,
 * relabelling with every action, honor_labels and honor_timestamps, sample limits), one scrape
 * loop per target at a stable offset within its interval, the synthetic series Prometheus adds,
 * and staleness markers when a series or a target goes away.
 */
package dev.panoptes.metrics.scrape;
