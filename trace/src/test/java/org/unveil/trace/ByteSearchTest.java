package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSearchTest {
    /** Digits, dots and letters of both cases: addresses in X-Forwarded-For look like everything around them. */
    private static final String ALPHABET = "0123456789.,: abAB\r\n";

    private static String random(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** The ground truth: a plain search, position by position, on the text as a String. */
    private static boolean contains(String haystack, String needle, boolean foldCase) {
        for (int at = 0; at + needle.length() <= haystack.length(); at++) {
            if (foldCase ? haystack.regionMatches(true, at, needle, 0, needle.length())
                    : haystack.startsWith(needle, at)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void findsExactlyWhatAPlainSearchFinds() {
        Random random = new Random(11);
        int found = 0;
        for (int round = 0; round < 50_000; round++) {
            String haystack = random(random, random.nextInt(70));
            String needle = random.nextInt(3) > 0 && haystack.length() > 2
                    ? haystack.substring(random.nextInt(haystack.length() - 1)) // a piece that is there
                    : random(random, 1 + random.nextInt(4));
            needle = needle.substring(0, Math.min(needle.length(), 1 + random.nextInt(15)));
            if (needle.isEmpty()) {
                continue;
            }
            // letters only fold among themselves here: the alphabet's other bytes differ from each other in bit 0x20
            boolean foldCase = random.nextBoolean();
            int before = random.nextInt(9);
            byte[] bytes = ("#".repeat(before) + haystack + "#".repeat(random.nextInt(9)))
                    .getBytes(StandardCharsets.ISO_8859_1);
            boolean expected = contains(haystack, needle, foldCase);
            found += expected ? 1 : 0;
            assertThat(new ByteSearch(needle.getBytes(StandardCharsets.ISO_8859_1), foldCase)
                    .in(MemorySegment.ofArray(bytes), before, haystack.length()))
                    .as("'%s' in '%s' (fold %s)", needle, haystack, foldCase).isEqualTo(expected);
        }
        assertThat(found).isGreaterThan(10_000); // both answers were tested often
    }

    /** Needles of {@link ByteSearch#SAMPLED_FROM} bytes or more take the sampled path: pieces, near misses, ends. */
    @Test
    void longNeedlesFindExactlyWhatAPlainSearchFinds() {
        Random random = new Random(13);
        int found = 0;
        int missed = 0;
        for (int round = 0; round < 40_000; round++) {
            String haystack = random(random, random.nextInt(300));
            int length = ByteSearch.SAMPLED_FROM + random.nextInt(70);
            String needle;
            if (haystack.length() > length && random.nextInt(4) > 0) {
                int at = random.nextInt(haystack.length() - length + 1);
                needle = haystack.substring(at, at + length); // there, anywhere from the first to the last position
                if (random.nextBoolean()) { // or nearly: one byte changed
                    char[] c = needle.toCharArray();
                    c[random.nextInt(c.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                    needle = new String(c);
                }
            } else {
                needle = random(random, length);
            }
            boolean foldCase = random.nextBoolean();
            int before = random.nextInt(9);
            byte[] bytes = ("#".repeat(before) + haystack + "#".repeat(random.nextInt(9)))
                    .getBytes(StandardCharsets.ISO_8859_1);
            boolean expected = contains(haystack, needle, foldCase);
            if (expected) {
                found++;
            } else {
                missed++;
            }
            assertThat(new ByteSearch(needle.getBytes(StandardCharsets.ISO_8859_1), foldCase)
                    .in(MemorySegment.ofArray(bytes), before, haystack.length()))
                    .as("'%s' in '%s' (fold %s)", needle, haystack, foldCase).isEqualTo(expected);
        }
        assertThat(found).isGreaterThan(10_000);
        assertThat(missed).isGreaterThan(10_000);
    }

    @Test
    void aNeedleWithRepeatedGramsIsFoundAtEveryPlace() {
        // grams that repeat inside the needle share a slot: each of their offsets must still be tried
        String needle = "100.100.100.100";
        for (int at = 0; at < 40; at++) {
            String text = "1".repeat(at) + needle + "0".repeat(40 - at);
            ByteSearch search = new ByteSearch(needle.getBytes(StandardCharsets.ISO_8859_1), false);
            assertThat(search.in(MemorySegment.ofArray(text.getBytes(StandardCharsets.ISO_8859_1)), 0, text.length()))
                    .as("at %d", at).isTrue();
            assertThat(search.in(MemorySegment.ofArray(text.getBytes(StandardCharsets.ISO_8859_1)), 0,
                    at + needle.length() - 1)).as("cut at %d", at).isFalse();
        }
    }

    @Test
    void anAddressAmongSimilarOnesIsFoundOnlyWhereItIs() {
        ByteSearch search = new ByteSearch("198.51.100.200".getBytes(StandardCharsets.ISO_8859_1), false);
        String near = "X-Forwarded-For: 198.51.100.20, 198.51.100.201, 198.51.10.200\r\n\r\n";
        String with = "X-Forwarded-For: 203.0.113.7, 198.51.100.200\r\n\r\n";
        assertThat(search.in(MemorySegment.ofArray(near.getBytes(StandardCharsets.ISO_8859_1)), 0, near.length()))
                .isFalse();
        assertThat(search.in(MemorySegment.ofArray(with.getBytes(StandardCharsets.ISO_8859_1)), 0, with.length()))
                .isTrue();
    }
}
