package dev.panoptes.metrics.promqltest;

import dev.panoptes.metrics.promql.QueryResult;
import java.util.List;

/** Checks a result's warnings and infos against {@code expect warn/info/no_warn/no_info}. Stateless. */
final class Annotations {

    private Annotations() {
    }

    /** Null when the annotations meet the expectations, else what is wrong. */
    static String check(Expectations expect, QueryResult result) {
        if (expect.warnRequired() && result.warnings().isEmpty()) {
            return "expected warnings, got none";
        }
        if (expect.infoRequired() && result.infos().isEmpty()) {
            return "expected info annotations, got none";
        }
        String failure = ofKind("warn", expect.warns(), result.warnings());
        if (failure == null) {
            failure = ofKind("info", expect.infos(), result.infos());
        }
        if (failure == null && expect.noWarn() && !result.warnings().isEmpty()) {
            failure = "expected no warnings, got " + result.warnings();
        }
        if (failure == null && expect.noInfo() && !result.infos().isEmpty()) {
            failure = "expected no info annotations, got " + result.infos();
        }
        return failure;
    }

    private static String ofKind(String kind, List<TextMatch> expected, List<String> actual) {
        if (expected.isEmpty()) {
            return null;
        }
        if (actual.isEmpty()) {
            return "expected " + kind + " annotations, got none";
        }
        for (TextMatch m : expected) {
            if (actual.stream().noneMatch(m::matches)) {
                return "expected " + (kind.equals("info") ? "an " : "a ") + kind + " annotation matching " + m + ", got " + actual;
            }
        }
        for (String a : actual) {
            if (expected.stream().noneMatch(m -> m.matches(a))) {
                return "unexpected " + kind + " annotation \"" + a + "\"";
            }
        }
        return null;
    }
}
