/**
 * Facts about sample values shared by every part that reads or writes samples: ingestion
 * (scrape, remote write, OTLP), the TSDB's chunk cutting and the query engine.
 */
package dev.panoptes.core.sample;
