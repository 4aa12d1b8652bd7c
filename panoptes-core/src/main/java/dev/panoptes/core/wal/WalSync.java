package dev.panoptes.core.wal;

/**
 * When the log forces written records to the device.
 *
 * <ul>
 *   <li>{@link #ALWAYS}: a write returns only after an fsync covers it (concurrent writers share
 *       one fsync). Acknowledged data survives a crash of the process and of the machine.
 *   <li>{@link #PERIODIC}: a write returns once the operating system has the bytes, and a
 *       background fsync runs at a fixed interval. Acknowledged data survives a crash of the
 *       process ({@code kill -9}); a power loss may lose up to one interval.
 * </ul>
 */
public enum WalSync {
    ALWAYS,
    PERIODIC
}
