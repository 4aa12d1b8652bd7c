package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.List;

/**
 * The {@code {app="api", env=~"prod|dev"}} part of a query: label matchers that select streams.
 * The parser guarantees at least one matcher that does not match the empty string, as Loki
 * requires, so a selector never means "every stream".
 */
public record StreamSelector(List<LabelMatcher> matchers) {

    public StreamSelector {
        matchers = List.copyOf(matchers);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            out.append(i > 0 ? ", " : "").append(m.name()).append(m.type().operator()).append(Labels.quote(m.value()));
        }
        return out.append('}').toString();
    }
}
