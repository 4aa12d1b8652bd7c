package dev.panoptes.core.objstore;

import java.time.Instant;

/** What a listing says of one stored object. */
public record ObjectInfo(String key, long size, Instant lastModified) {
}
