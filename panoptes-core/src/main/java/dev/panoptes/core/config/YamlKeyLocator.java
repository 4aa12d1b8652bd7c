package dev.panoptes.core.config;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds where a key path such as {@code scrape_configs[1].job_name} is written in a YAML text.
 * The data binder knows which key is wrong but, for records, only reports where the enclosing
 * object ends; the YAML node tree keeps the exact mark of every key.
 */
final class YamlKeyLocator {

    /** A position in the text, 1-based. */
    record Position(int line, int column) {
    }

    /** One step of a key path: a mapping key, or a sequence index when {@code key} is null. */
    record Step(String key, int index) {
    }

    private YamlKeyLocator() {
    }

    /** Returns the position of the last step's key (or item), or null when the path is not in the text. */
    static Position locate(String yaml, List<Step> path) {
        Node node;
        try {
            node = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (RuntimeException e) {
            return null;
        }
        Mark mark = null;
        for (Step step : path) {
            if (node == null) {
                return null;
            }
            if (step.key() != null && node instanceof MappingNode mapping) {
                Node next = null;
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(step.key())) {
                        mark = key.getStartMark();
                        next = tuple.getValueNode();
                        break;
                    }
                }
                node = next;
            } else if (step.key() == null && node instanceof SequenceNode sequence && step.index() < sequence.getValue().size()) {
                node = sequence.getValue().get(step.index());
                mark = node.getStartMark();
            } else {
                return null;
            }
        }
        return mark == null ? null : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
