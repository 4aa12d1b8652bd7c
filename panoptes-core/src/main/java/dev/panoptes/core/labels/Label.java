package dev.panoptes.core.labels;

/** One name/value pair of a series' identity. */
public record Label(String name, String value) {
}
