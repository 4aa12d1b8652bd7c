package dev.panoptes.logs.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backtracking engine must find exactly the match and groups RE2/J finds: checked on
 * expressions of the kind log queries use and on random expressions and lines, as Strings and as
 * UTF-8 bytes viewed one char per byte.
 */
class CapturingRegexTest {

    private static final List<String> LINES = List.of(
            "Invalid user admin from 10.0.0.1 port 22",
            "Accepted password for user root from 192.168.1.20 port 5022 ssh2",
            "2024-01-02T03:04:05Z INFO dfs.DataNode: Receiving block blk_123 src: /10.0.0.1:50010",
            "key=value other=\"quoted value\" empty= last=1",
            "user=", "", " ", "user", "user user user x",
            "naïve café é😀 user ünïcode 😀😀",
            "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6",
            "aaaabbbbcccc abcabc ab ba",
            "word, another-word; under_score 123abc\ttab\nnewline",
            "ERROR Warning USER Admin \u212Aelvin long \u017F LONG S ks KS",
            "Connection FAILED", "at the very end: Exception", "ab", "abd", "abde", "GET /", "POST /index fail");

    private static final List<String> EXPRESSIONS = List.of(
            "user (?P<user>\\w+)",
            "(?P<ip>\\d+\\.\\d+\\.\\d+\\.\\d+)",
            "^(?P<ts>\\S+) (?P<level>[A-Z]+) (?P<msg>.*)$",
            "(?P<a>a|ab)(?P<b>c|bcd)(?P<d>.*)",
            "(a+?)(b*)",
            "(a{2,4}?)(a*)",
            "(?:ab|a)+c?",
            "\\bword\\b",
            "\\[(?P<level>[^\\]]+)\\]",
            "(?P<k>[\\w.-]+)=(?P<v>\"[^\"]*\"|\\S*)",
            "é(.)",
            "(.)(.)$",
            "[à-ü]+",
            "\\B.",
            "a{0}(b)",
            "(a)|b",
            "((a)|b)+",
            "a?",
            "^$",
            "(?P<x>)",
            "(x)?(y)?user",
            "port (?P<port>\\d{2,5})",
            "(?P<word>\\w+) (?P<rest>.*)",
            "[^a-z]+",
            "😀+(.)",
            "\\s+(\\S+)\\s*$",
            "(?<n>u)ser",
            "}x]|\\{",
            "(?i)error|warn(?P<n>ing)?",
            "(?i)user (?P<user>[a-z]+)",
            "(?i)[^k]s\\w\\W",
            "(?i)Kelvin|LONG s",
            "(?i)exception|fail(ed|ure)",
            "ab[cd]e",
            "blk_\\d+",
            "(?:GET|POST) /(?P<path>\\S*)",
            "port \\d+$",
            "(?:ab|cd)(?:e|fg)x?");

    @Test
    void findsTheMatchAndGroupsRe2jFindsOnLogLikeExpressions() {
        for (String regex : EXPRESSIONS) {
            CapturingRegex engine = CapturingRegex.compile(regex);
            assertNotNull(engine, regex);
            assertEquals(Pattern.compile(regex).groupCount(), engine.groupCount(), regex);
            for (String line : LINES) {
                compare(regex, engine.search(), line);
            }
        }
    }

    @Test
    void leavesSyntaxOutsideItsPartToRe2j() {
        for (String regex : List.of("(?i)é", "(?i:abc)", "a(?i)b", "\\pL+", "[[:alpha:]]", "\\x41", "(a*)*", "(?:a+)+", "a{1000}", "\\Qa.b\\E",
                "(?s:.)", "a{,3}", "\\x{41}", "[\\p{Greek}]", "(a|)+")) {
            Pattern.compile(regex);
            assertNull(CapturingRegex.compile(regex), regex);
        }
    }

    @Test
    void answersUndecidedForBytesThatAreNotUtf8AndForLinesTooLongForItsVisitedSet() {
        CapturingRegex.Search engine = CapturingRegex.compile("(.)(.)").search();
        String invalid = new String(new byte[] {(byte) 0xC3, 'x'}, StandardCharsets.ISO_8859_1);
        assertEquals(CapturingRegex.UNDECIDED, engine.find(invalid, 0, invalid.length(), true));
        String huge = "x".repeat(200_000);
        assertEquals(CapturingRegex.UNDECIDED, engine.find(huge, 0, huge.length(), false));
        String ok = "xy";
        assertEquals(CapturingRegex.MATCH, engine.find(ok, 0, 2, false));
    }

    @Test
    void agreesWithRe2jOnRandomExpressionsAndLines() {
        Random random = new Random(20261202);
        int compared = 0;
        int unsupported = 0;
        for (int i = 0; i < 8000; i++) {
            String regex = (random.nextInt(4) == 0 ? "(?i)" : "") + randomRegex(random, 3);
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                continue;
            }
            CapturingRegex engine = CapturingRegex.compile(regex);
            if (engine == null) {
                unsupported++;
                continue;
            }
            assertEquals(Pattern.compile(regex).groupCount(), engine.groupCount(), regex);
            CapturingRegex.Search search = engine.search();
            for (int j = 0; j < 20; j++) {
                compare(regex, search, randomLine(random));
                compared++;
            }
        }
        // Repetitions of what can match empty are left to RE2/J: the generator makes many.
        assertTrue(compared > 60_000, "compared " + compared);
    }

    /** Compares the String search and the byte search of {@code line}, inside a longer text, with RE2/J's. */
    private static void compare(String regex, CapturingRegex.Search engine, String line) {
        Matcher m = Pattern.compile(regex).matcher(line);
        boolean expected = m.find();
        String where = regex + " on \"" + line + "\"";
        int found = engine.find(line, 0, line.length(), false);
        assertEquals(expected ? CapturingRegex.MATCH : CapturingRegex.NO_MATCH, found, where);
        List<String> expectedGroups = new ArrayList<>();
        if (expected) {
            for (int g = 0; g <= m.groupCount(); g++) {
                assertEquals(m.start(g), engine.start(g), where + " group " + g + " start");
                assertEquals(m.end(g), engine.end(g), where + " group " + g + " end");
                expectedGroups.add(m.group(g));
            }
        }
        // The same line as stored bytes, between other lines' bytes in the payload.
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[utf8.length + 6];
        Arrays.fill(payload, (byte) 'a');
        System.arraycopy(utf8, 0, payload, 3, utf8.length);
        String view = new String(payload, StandardCharsets.ISO_8859_1);
        int foundInBytes = engine.find(view, 3, 3 + utf8.length, true);
        assertEquals(found, foundInBytes, where + " (bytes)");
        if (expected) {
            for (int g = 0; g <= m.groupCount(); g++) {
                String group = engine.start(g) < 0 ? null
                        : new String(payload, engine.start(g), engine.end(g) - engine.start(g), StandardCharsets.UTF_8);
                assertEquals(expectedGroups.get(g), group, where + " group " + g + " (bytes)");
            }
        }
    }

    private static final String[] ATOMS = {"a", "b", "c", " ", "é", "😀", ".", "[ab]", "[^a]", "[a-c ]", "\\w", "\\W", "\\s", "\\S",
        "\\d", "^", "$", "\\b", "\\B", "[é😀]", "[^é]", "x", "k", "S", "[a-k]", "[^s]"};
    private static final String[] REPEATS = {"*", "+", "?", "*?", "+?", "??", "{2}", "{1,3}", "{0,2}", "{2,}", "{1,2}?"};

    static String randomRegex(Random random, int depth) {
        int parts = 1 + random.nextInt(4);
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            String atom;
            int kind = depth == 0 ? 0 : random.nextInt(6);
            atom = switch (kind) {
                case 1 -> "(" + randomRegex(random, depth - 1) + ")";
                case 2 -> "(?:" + randomRegex(random, depth - 1) + ")";
                case 3 -> "(" + randomRegex(random, depth - 1) + "|" + randomRegex(random, depth - 1) + ")";
                case 4 -> "(?P<g" + random.nextInt(1000) + ">" + randomRegex(random, depth - 1) + ")";
                default -> ATOMS[random.nextInt(ATOMS.length)];
            };
            out.append(atom);
            boolean assertion = atom.equals("^") || atom.equals("$") || atom.equals("\\b") || atom.equals("\\B");
            if (!assertion && random.nextInt(3) == 0) {
                out.append(REPEATS[random.nextInt(REPEATS.length)]);
            }
        }
        return out.toString();
    }

    static String randomLine(Random random) {
        String[] pieces = {"a", "b", "c", " ", "é", "😀", "x", "1", "\n", "ab", "ba", "K", "s", "\u212A", "\u017F", "A"};
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }
}
