package dev.panoptes.metrics.scrape;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.labels.RegexTemplate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies a list of relabelling steps to a label set, as Prometheus does: in order, each on the
 * result of the previous; {@code keep}, {@code drop}, {@code keepequal} and {@code dropequal}
 * can drop the whole set (the result is then null). Regexes are RE2, fully anchored.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class Relabeler {

    private record Step(RelabelConfig config, Pattern pattern) {
    }

    private final List<Step> steps;

    public Relabeler(List<RelabelConfig> configs) {
        List<Step> compiled = new ArrayList<>(configs.size());
        for (RelabelConfig config : configs) {
            compiled.add(new Step(config, Pattern.compile("^(?s:" + config.regex() + ")$")));
        }
        this.steps = List.copyOf(compiled);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The relabelled set, or null if a step dropped it. */
    public Labels apply(Labels labels) {
        Labels current = labels;
        for (Step step : steps) {
            current = apply(step, current);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static Labels apply(Step step, Labels labels) {
        RelabelConfig c = step.config();
        String value = sourceValue(c, labels);
        switch (c.action()) {
            case DROP -> {
                return step.pattern().matcher(value).matches() ? null : labels;
            }
            case KEEP -> {
                return step.pattern().matcher(value).matches() ? labels : null;
            }
            case DROPEQUAL -> {
                return value.equals(labels.get(c.targetLabel())) ? null : labels;
            }
            case KEEPEQUAL -> {
                return value.equals(labels.get(c.targetLabel())) ? labels : null;
            }
            case REPLACE -> {
                Matcher m = step.pattern().matcher(value);
                if (!m.matches()) {
                    return labels;
                }
                String target = expand(m, c.targetLabel());
                if (!isValidLabelName(target)) {
                    return labels;
                }
                String replaced = expand(m, c.replacement());
                return labels.toBuilder().set(target, replaced).build();
            }
            case LOWERCASE -> {
                return labels.toBuilder().set(c.targetLabel(), value.toLowerCase(Locale.ROOT)).build();
            }
            case UPPERCASE -> {
                return labels.toBuilder().set(c.targetLabel(), value.toUpperCase(Locale.ROOT)).build();
            }
            case HASHMOD -> {
                long mod = Long.remainderUnsigned(hash(value), c.modulus());
                return labels.toBuilder().set(c.targetLabel(), Long.toString(mod)).build();
            }
            case LABELMAP -> {
                Labels.Builder builder = labels.toBuilder();
                for (int i = 0; i < labels.size(); i++) {
                    Matcher m = step.pattern().matcher(labels.name(i));
                    if (m.matches()) {
                        builder.set(expand(m, c.replacement()), labels.value(i));
                    }
                }
                return builder.build();
            }
            case LABELDROP, LABELKEEP -> {
                boolean keepMatching = c.action() == RelabelConfig.Action.LABELKEEP;
                Labels.Builder builder = labels.toBuilder();
                for (int i = 0; i < labels.size(); i++) {
                    if (step.pattern().matcher(labels.name(i)).matches() != keepMatching) {
                        builder.remove(labels.name(i));
                    }
                }
                return builder.build();
            }
            default -> throw new IllegalStateException("unhandled action " + c.action());
        }
    }

    private static String sourceValue(RelabelConfig c, Labels labels) {
        if (c.sourceLabels().size() == 1) {
            return labels.get(c.sourceLabels().get(0));
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < c.sourceLabels().size(); i++) {
            if (i > 0) {
                s.append(c.separator());
            }
            s.append(labels.get(c.sourceLabels().get(i)));
        }
        return s.toString();
    }

    /** Replaces {@code $1}, {@code ${1}} and {@code ${name}} with the groups of a match, as Go's Regexp.Expand does. */
    static String expand(Matcher m, String template) {
        return RegexTemplate.expand(m, template);
    }

    static boolean isValidLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The last eight bytes of the MD5 of the value, as an unsigned 64-bit number (Prometheus' hashmod). */
    private static long hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 8, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JDK", e);
        }
    }
}
