package dev.panoptes.metrics.storage;

/** Storage that can be written: hands out {@link Appender}s. */
public interface Appendable {

    /** A new, empty batch. */
    Appender appender();
}
