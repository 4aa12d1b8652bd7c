package dev.panoptes.core.objstore;

import java.io.IOException;

/** Thrown when an object is read that does not exist. */
public final class ObjectNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ObjectNotFoundException(String key) {
        super("object not found: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
