package org.unveil.trace;

/** Line arithmetic over payload text: where a line starts and ends, and the line around a match. */
final class Lines {
    private Lines() {
    }

    /** The whole line holding {@code [start, end)}, without its line break. */
    static String around(CharSequence text, int start, int end) {
        int from = start;
        while (from > 0 && text.charAt(from - 1) != '\n') {
            from--;
        }
        int to = end;
        while (to < text.length() && text.charAt(to) != '\r' && text.charAt(to) != '\n') {
            to++;
        }
        // a match may end just past the CR of a CRLF (RE2's '.' and '$' treat only LF as a line end)
        while (to > from && text.charAt(to - 1) == '\r') {
            to--;
        }
        return text.subSequence(from, to).toString();
    }

    /** Offset of the end of the line starting at {@code from} (its CR or LF, or the end of text). */
    static int end(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
            i++;
        }
        return i;
    }

    /** Offset of the next line after the line ending at {@code end}. */
    static int next(CharSequence text, int end) {
        if (end < text.length() && text.charAt(end) == '\r') {
            end++;
        }
        return end < text.length() && text.charAt(end) == '\n' ? end + 1 : end;
    }

    /** Whether {@code text} contains {@code needle} (ASCII, exact case). */
    static boolean contains(CharSequence text, String needle) {
        int n = needle.length();
        char first = needle.charAt(0);
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.charAt(i) == first && regionMatches(text, i, needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(CharSequence text, int at, String needle) {
        for (int j = 1; j < needle.length(); j++) {
            if (text.charAt(at + j) != needle.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}
