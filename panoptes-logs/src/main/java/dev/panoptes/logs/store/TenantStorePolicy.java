package dev.panoptes.logs.store;

/**
 * What one tenant's store enforces of its tenant's settings (Loki's per-tenant overrides):
 * how long its entries are kept and how many streams it may hold.
 *
 * @param retention which entries are deleted as they age
 * @param maxStreams the most streams the tenant may have (0: no limit); pushes to new streams
 *     beyond it are refused
 */
public record TenantStorePolicy(RetentionPolicy retention, int maxStreams) {

    /** Keeps everything and allows any number of streams. */
    public static final TenantStorePolicy UNLIMITED = new TenantStorePolicy(RetentionPolicy.KEEP_ALL, 0);

    public TenantStorePolicy {
        if (retention == null) {
            throw new IllegalArgumentException("a store policy needs a retention policy");
        }
        if (maxStreams < 0) {
            throw new IllegalArgumentException("max_global_streams_per_user must not be negative");
        }
    }
}
