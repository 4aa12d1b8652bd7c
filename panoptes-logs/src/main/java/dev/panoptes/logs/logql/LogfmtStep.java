package dev.panoptes.logs.logql;

import dev.panoptes.core.text.LogfmtDecoder;
import java.util.List;

/**
 * {@code | logfmt}: every pair of the line becomes a label (keys sanitized, {@code _extracted}
 * on a clash with the stream or metadata, the first value of a name wins); pairs with no value
 * are skipped unless {@code --keep-empty}; a malformed pair is skipped, or with {@code --strict}
 * ends parsing and sets {@code __error__=LogfmtParserErr} with the decoder's message. With
 * extractions ({@code logfmt a="key"}) only those labels are set, each to {@code ""} first.
 */
final class LogfmtStep implements PipelineStep {

    static final String ERROR = "LogfmtParserErr";

    private final boolean strict;
    private final boolean keepEmpty;
    /** Label names and the keys they read, for extractions; null without. */
    private final String[] ids;
    private final String[] keys;
    private final LogfmtDecoder decoder = new LogfmtDecoder();
    private final NameTable names = new NameTable();
    private final StringBuilder name = new StringBuilder();

    /** The only labels to set ({@link ParserHints}); null for all. */
    private final ParserHints hints;
    /** The hints' keys, as {@link ParserHints#plainKeyIndex} indexes them; null without hints. */
    private final String[] hintKeys;

    LogfmtStep(PipelineStage.LogfmtParser stage, ParserHints hints) {
        this.hints = hints;
        this.hintKeys = hints == null ? null : hints.keys();
        this.strict = stage.strict();
        this.keepEmpty = stage.keepEmpty();
        List<PipelineStage.LabelExtraction> extractions = stage.extractions();
        if (extractions.isEmpty()) {
            ids = null;
            keys = null;
        } else {
            ids = new String[extractions.size()];
            keys = new String[extractions.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = extractions.get(i).label();
                keys[i] = extractions.get(i).expression();
            }
        }
    }

    @Override
    public boolean apply(PipelineEntry entry) {
        PipelineLabels labels = entry.labels;
        if (hints != null && (hints.skipsParsing() || hints.allFound(labels))) {
            // Nothing more is needed from this line (an earlier parser found it all).
            return true;
        }
        decoder.reset(entry.line());
        if (ids != null) {
            for (String id : ids) {
                if (labels.parsedName(id).equals(id)) {
                    labels.setParsed(id, "");
                }
            }
        }
        while (!decoder.atEnd()) {
            if (!decoder.next()) {
                if (strict && decoder.error() != null) {
                    break;
                }
                continue;
            }
            if (ids == null && hints != null) {
                int length = decoder.keyEnd() - decoder.keyStart();
                // An ASCII key's label name is as long as the key, or one longer (a leading digit gets
                // a _): when no wanted name is, the key is passed over without looking at it again.
                if (decoder.keyAscii() && !hints.mayHaveKeyOfLength(length) && !hints.mayHaveKeyOfLength(length + 1)) {
                    continue;
                }
                if (decoder.keyPlain()) {
                    // A plain key is its own label name: looked up as it is, neither sanitized nor interned.
                    int k = hints.plainKeyIndex(decoder.text(), decoder.keyStart(), decoder.keyEnd());
                    if (k >= 0) {
                        setPair(labels, hintKeys[k]);
                        if (hints.allFound(labels)) {
                            break;
                        }
                    }
                    continue;
                }
            }
            name.setLength(0);
            LabelNames.appendSanitized(name, decoder.line(), decoder.keyStart(), decoder.keyEnd());
            if (name.isEmpty()) {
                continue;
            }
            String key = names.intern(name);
            if (ids == null) {
                setPair(labels, key);
                if (hints != null && hints.allFound(labels)) {
                    break;
                }
            } else {
                setExtraction(labels, key);
            }
        }
        if (strict && decoder.error() != null) {
            labels.setError(ERROR, decoder.error());
        }
        return true;
    }

    private void setPair(PipelineLabels labels, String key) {
        if (hints != null && !hints.mayName(key)) {
            return;
        }
        String label = labels.parsedName(key);
        if ((hints != null && !hints.contains(label)) || labels.isExtracted(label)) {
            return;
        }
        if (decoder.valueIsEmpty() && !keepEmpty) {
            return;
        }
        if (decoder.valueIsSlice()) {
            labels.setParsedSlice(label, decoder.line(), decoder.valueFrom(), decoder.valueTo());
        } else {
            labels.setParsed(label, decoder.value());
        }
    }

    /** As Loki: a key read by an extraction sets its label; a key equal to a label's own name does too. */
    private void setExtraction(PipelineLabels labels, String key) {
        String id = null;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                id = ids[i];
                break;
            }
        }
        if (id == null) {
            for (String candidate : ids) {
                if (candidate.equals(key)) {
                    id = candidate;
                    break;
                }
            }
        }
        if (id != null) {
            labels.setParsed(labels.parsedName(id), decoder.value());
        }
    }
}
