package dev.panoptes.logs.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A line that matches must hold one of the required strings, and where they decide the match, a
 * line holding one must match: both checked against RE2/J on chosen and random expressions, with
 * each line searched as UTF-8 bytes between other lines in one text, as a chunk is searched.
 */
class RequiredTextTest {

    @Test
    void findsTheStringsOfLogFiltersAndDecidesFiniteSets() {
        RequiredText words = RequiredText.of("(?i)exception|fail(ed|ure)");
        assertNotNull(words);
        assertTrue(words.decidesMatch());
        assertTrue(holds(words, "java.lang.IllegalStateException: boom"));
        assertTrue(holds(words, "job FAILED"));
        assertTrue(holds(words, "disk failure"));
        assertFalse(holds(words, "job fail"));
        assertFalse(holds(words, "failing exceptio"));

        RequiredText user = RequiredText.of("user (?P<user>\\w+)");
        assertNotNull(user);
        assertFalse(user.decidesMatch());
        assertTrue(holds(user, "Invalid user admin"));
        assertFalse(holds(user, "Invalid users"));

        assertEquals(List.of("user "), user.exactStrings());
        assertNull(words.exactStrings(), "folded strings are not exact");
        assertEquals(List.of("é☃x"), RequiredText.of("é☃x\\d+").exactStrings());
        // Of two required strings as long, the one with more letters and digits, which the
        // chunks' blooms hold more n-grams of.
        assertEquals(List.of("d5c338e2d18"), RequiredText.of("needle-5873\\wd5c338e2d18").exactStrings());

        RequiredText bounded = RequiredText.of("\\bword\\b");
        assertNotNull(bounded);
        assertFalse(bounded.decidesMatch(), "word boundaries ask more than the string");

        // RE2 folds k with the Kelvin sign: the folded string searches its bytes too.
        RequiredText kafka = RequiredText.of("(?i)kafka");
        assertNotNull(kafka);
        assertTrue(holds(kafka, "\u212Aafka broker"));
        assertTrue(holds(kafka, "KAFKA broker"));
        // For the chunks' blooms, which are asked with either case of each letter: folded units
        // come back in lower case, the Kelvin sign as its own alternative.
        assertEquals(Set.of("kafka", "\u212Aafka", "kaf\u212Aa", "\u212Aaf\u212Aa"), Set.copyOf(kafka.stringsIgnoringCase()));
        assertEquals(List.of("order-4711"), RequiredText.of("(?i)ORDER-4711").stringsIgnoringCase());
        assertEquals(List.of("error"), RequiredText.of("[Ee]rror").stringsIgnoringCase());

        for (String none : List.of("a?", "\\d+", ".*", "[a-z]+ [0-9]+", "x*y*", "(?i)", "\uFFFD")) {
            assertNull(RequiredText.of(none), none);
        }
    }

    @Test
    void neverMissesAMatchOnRandomExpressionsAndLines() {
        Random random = new Random(20261203);
        int checked = 0;
        int decided = 0;
        for (int i = 0; i < 8000; i++) {
            String regex = (random.nextInt(4) == 0 ? "(?i)" : "") + CapturingRegexTest.randomRegex(random, 3);
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                continue;
            }
            RequiredText required = RequiredText.of(regex);
            if (required == null) {
                continue;
            }
            Pattern pattern = Pattern.compile(regex);
            for (int j = 0; j < 20; j++) {
                String line = CapturingRegexTest.randomLine(random);
                boolean matches = pattern.matcher(line).find();
                boolean holds = holds(required, line);
                if (matches) {
                    assertTrue(holds, regex + " on \"" + line + "\" matches but holds no required string");
                }
                if (required.decidesMatch()) {
                    assertEquals(matches, holds, regex + " on \"" + line + "\"");
                    decided++;
                }
                checked++;
            }
        }
        assertTrue(checked > 20_000, "checked " + checked);
        assertTrue(decided > 2_000, "decided " + decided);
    }

    /** Whether the line, as bytes between two other lines of a text, holds a required string. */
    private static boolean holds(RequiredText required, String line) {
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        String before = "failed exception kafka user word aaa ";
        String after = " kafka failure user word bbb";
        String text = before + new String(utf8, StandardCharsets.ISO_8859_1) + after;
        RequiredText.Scan scan = required.scan();
        scan.begin(text);
        // Asked in increasing order, as lines are: the one before, this one, the one after.
        scan.occursIn(0, before.length());
        boolean holds = scan.occursIn(before.length(), before.length() + utf8.length);
        scan.occursIn(before.length() + utf8.length, text.length());
        return holds;
    }
}
