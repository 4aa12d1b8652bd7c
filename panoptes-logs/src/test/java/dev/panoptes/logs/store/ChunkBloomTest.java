package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.codec.EncodeBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkBloomTest {

    static String[] lines(Random random, int n) {
        String[] lines = new String[n];
        for (int i = 0; i < n; i++) {
            lines[i] = "ts=" + (1700000000 + i) + " level=info user=u" + random.nextInt(100_000) + " order=" + Long.toHexString(random.nextLong())
                    + " msg=\"payment accepted\" é☃";
        }
        return lines;
    }

    @Test
    void everySubstringOfEveryLineMayBeContained() {
        Random random = new Random(3);
        String[] lines = lines(random, 2000);
        ChunkBloom bloom = ChunkBloom.of(lines, lines.length);
        for (int k = 0; k < 20_000; k++) {
            String line = lines[random.nextInt(lines.length)];
            int from = random.nextInt(line.length());
            int to = from + random.nextInt(line.length() - from + 1);
            String piece = line.substring(from, to);
            assertThat(bloom.mayContain(piece)).as("'%s'", piece).isTrue();
        }
    }

    @Test
    void stringsThatAreNotThereAreMostlyRuledOut() {
        Random random = new Random(5);
        String[] lines = lines(random, 2000);
        ChunkBloom bloom = ChunkBloom.of(lines, lines.length);
        int admitted = 0;
        for (int k = 0; k < 10_000; k++) {
            if (bloom.mayContain("trace=" + Long.toHexString(random.nextLong()))) {
                admitted++;
            }
        }
        assertThat(admitted).as("false positives out of 10000").isLessThan(200);
        assertThat(bloom.mayContain("abc")).as("shorter than an n-gram: cannot tell").isTrue();
    }

    @Test
    void groupsNeedOneMemberEachAndSurviveEncoding() {
        ChunkBloom bloom = ChunkBloom.of(new String[] {"GET /api/orders 200", "POST /api/pay 500"}, 2);
        EncodeBuffer out = new EncodeBuffer(64);
        bloom.encode(out);
        ChunkBloom read = ChunkBloom.over(out.toByteArray(), ChunkBloom.Scheme.WORD_SUBSTRINGS, true);
        assertThat(read.mayContainAll(groups(List.of("orders"), List.of("zzzz", "pay 5")))).isTrue();
        assertThat(read.mayContainAll(groups(List.of("orders"), List.of("zzzz", "yyyy")))).isFalse();
        assertThat(read.mayContainAll(List.of(List.of(LineSubstring.exact("ORDERS"))))).isFalse();
        assertThat(read.mayContainAll(List.of(List.of(LineSubstring.ignoringCase("ORDERS"))))).isTrue();
    }

    private static List<List<LineSubstring>> groups(List<String> first, List<String> second) {
        return List.of(first.stream().map(LineSubstring::exact).toList(), second.stream().map(LineSubstring::exact).toList());
    }

    @Test
    void ignoringCaseEveryCaseOfEverySubstringMayBeContained() {
        Random random = new Random(7);
        String[] lines = lines(random, 2000);
        for (int i = 0; i < lines.length; i += 3) {
            lines[i] = lines[i].replace("payment accepted", "Payment ACCEPTED").toUpperCase(Locale.ROOT);
        }
        ChunkBloom bloom = ChunkBloom.of(lines, lines.length);
        for (int k = 0; k < 20_000; k++) {
            String line = lines[random.nextInt(lines.length)];
            int from = random.nextInt(line.length());
            char[] piece = line.substring(from, from + random.nextInt(line.length() - from + 1)).toCharArray();
            for (int c = 0; c < piece.length; c++) {
                if (Character.isLetter(piece[c]) && piece[c] < 0x80 && random.nextBoolean()) {
                    piece[c] ^= 0x20;
                }
            }
            String asked = new String(piece);
            assertThat(bloom.mayContain(asked, true)).as("'%s' ignoring case", asked).isTrue();
        }
    }

    @Test
    void ignoringCaseHexIdentifiersThatAreNotThereAreStillMostlyRuledOut() {
        Random random = new Random(5);
        String[] lines = lines(random, 2000);
        ChunkBloom bloom = ChunkBloom.of(lines, lines.length);
        int admitted = 0;
        for (int k = 0; k < 10_000; k++) {
            if (bloom.mayContain("trace=" + Long.toHexString(random.nextLong()).toUpperCase(Locale.ROOT), true)) {
                admitted++;
            }
        }
        // Letters test up to 16 case variants of an n-gram, digits one: weaker than an exact
        // search, still most of the chunks a trace id is not in.
        assertThat(admitted).as("false positives out of 10000").isLessThan(500);
    }

    @Test
    void needlesAreJudgedByTheSubstringsInsideTheirWords() {
        ChunkBloom bloom = ChunkBloom.of(new String[] {"order-47112 paid by user7 in 12ms"}, 1);
        assertThat(bloom.mayContain("4711")).as("part of a word").isTrue();
        assertThat(bloom.mayContain("der-4711")).as("across a hyphen").isTrue();
        assertThat(bloom.mayContain("d by u")).as("no word of four characters: cannot tell").isTrue();
        assertThat(bloom.mayContain("order-99999")).isFalse();
        assertThat(bloom.mayContain("refund")).isFalse();
    }
}
