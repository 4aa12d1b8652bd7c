package dev.panoptes.metrics.api;

import java.util.List;

/**
 * What an endpoint answers: the {@code data} field's writer and the annotations, or no content
 * (204, as the admin endpoints answer).
 */
record Reply(JsonOutput.DataWriter data, List<String> warnings, List<String> infos) {

    Reply {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }

    static Reply of(JsonOutput.DataWriter data) {
        return new Reply(data, List.of(), List.of());
    }

    static Reply noContent() {
        return new Reply(null, List.of(), List.of());
    }

    boolean isNoContent() {
        return data == null;
    }
}
