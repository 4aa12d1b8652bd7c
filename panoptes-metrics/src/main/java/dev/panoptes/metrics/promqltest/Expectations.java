package dev.panoptes.metrics.promqltest;

import java.util.List;

/**
 * The {@code expect} lines of an eval (and the deprecated {@code eval_fail}, {@code eval_warn},
 * {@code eval_info}, {@code eval_ordered} prefixes).
 *
 * @param fail the query must fail; every one of {@code failMatches} must accept the error text
 * @param warns each must match a warning, and each warning must match one; checked when non-empty
 * @param warnRequired at least one warning (the {@code eval_warn} prefix)
 * @param expectedString the string result {@code expect string} asks for, or null
 * @param rangeVector the eval carries {@code expect range vector}
 */
record Expectations(boolean fail, List<TextMatch> failMatches, List<TextMatch> warns, List<TextMatch> infos,
        boolean warnRequired, boolean infoRequired, boolean noWarn, boolean noInfo, boolean ordered,
        String expectedString, boolean rangeVector) {

    Expectations {
        failMatches = List.copyOf(failMatches);
        warns = List.copyOf(warns);
        infos = List.copyOf(infos);
    }
}
