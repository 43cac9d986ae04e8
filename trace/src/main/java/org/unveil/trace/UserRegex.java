package org.unveil.trace;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Regexes typed by a user, compiled with RE2/J: matching takes time linear in the payload whatever the
 * pattern, where a backtracking engine can overflow its stack or run for minutes on one packet. Syntax errors
 * are told at positions in the user's own text, never in a pattern built around it.
 */
final class UserRegex {
    private UserRegex() {
    }

    /**
     * Checks that {@code regex} compiles on its own, so that an error is found in what the user typed and an
     * unbalanced ')' cannot pair with a parenthesis of a pattern built around it.
     *
     * @throws IllegalArgumentException naming {@code option}, the regex and the position of the error
     */
    static void check(String regex, String option) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(option + ": the regex '" + regex + "' does not compile: "
                    + where(regex, e));
        }
    }

    /**
     * A checked regex rewritten to keep the meaning java.util.regex gave it over CRLF text, ready to sit
     * inside a group: {@code $} also matches before "\r\n" (RE2's stops only before "\n", and HTTP lines end
     * in CRLF), and a {@code \Q} quote left open is closed so that it cannot swallow what follows.
     */
    static String embeddable(String regex) {
        Structure s = Structure.of(regex);
        StringBuilder out = new StringBuilder(regex.length() + 8 * s.dollars().size() + 2);
        int from = 0;
        for (int dollar : s.dollars()) {
            out.append(regex, from, dollar).append("(?:\\r?$)");
            from = dollar + 1;
        }
        out.append(regex, from, regex.length());
        if (s.openQuote()) {
            out.append("\\E");
        }
        return out.toString();
    }

    /**
     * {@code text} as a regex matching exactly itself. RE2 takes any ASCII character other than a letter or a
     * digit after a backslash as itself, so every such character is escaped; other characters are never special.
     */
    static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The error in words with its 1-based position in {@code regex}. */
    private static String where(String regex, PatternSyntaxException e) {
        Structure s = Structure.of(regex);
        String description = e.getDescription();
        String fragment = e.getPattern();
        if (s.unmatchedClose() >= 0) {
            // RE2/J reports a stray ')' as an internal "stack underflow"; the lexer finds it
            return "unexpected ) at position " + (s.unmatchedClose() + 1);
        }
        if (description.startsWith("missing closing )") && s.unclosedParen() >= 0) {
            return "missing closing ) at position " + (s.unclosedParen() + 1);
        }
        if (description.startsWith("trailing backslash")) {
            return "trailing backslash at position " + regex.length();
        }
        int at = positionOf(regex, fragment, description);
        if (at < 0) {
            return description;
        }
        boolean quote = !fragment.isEmpty() && !fragment.equals(regex);
        return description + (quote ? " '" + fragment + "'" : "") + " at position " + (at + 1);
    }

    /**
     * Where the parser met {@code fragment}: the first occurrence whose text up to its end already fails with
     * the same error while the text before it does not (the parser reads left to right). A fragment may also
     * stand earlier in the regex as harmless text ({@code \\q\q}), which is why the first occurrence alone
     * would not do.
     */
    private static int positionOf(String regex, String fragment, String description) {
        if (fragment == null || fragment.isEmpty()) {
            return -1;
        }
        int first = regex.indexOf(fragment);
        for (int at = first; at >= 0; at = regex.indexOf(fragment, at + 1)) {
            if (failsWith(regex.substring(0, at + fragment.length()), description, fragment)
                    && !failsWith(regex.substring(0, at), description, fragment)) {
                return at;
            }
        }
        return first;
    }

    private static boolean failsWith(String prefix, String description, String fragment) {
        try {
            Pattern.compile(prefix);
            return false;
        } catch (PatternSyntaxException e) {
            return description.equals(e.getDescription()) && fragment.equals(e.getPattern());
        }
    }

    /**
     * What a light lexer sees in a regex, following RE2's lexical rules: escapes, character classes and
     * {@code \Q...\E} quotes hide parentheses and dollars.
     *
     * @param unclosedParen offset of the innermost '(' never closed, or -1
     * @param unmatchedClose offset of the first ')' closing nothing, or -1
     * @param openQuote whether a {@code \Q} runs to the end of the text
     * @param dollars offsets of the {@code $} anchors
     */
    private record Structure(int unclosedParen, int unmatchedClose, boolean openQuote, List<Integer> dollars) {
        static Structure of(String regex) {
            List<Integer> open = new ArrayList<>();
            List<Integer> dollars = new ArrayList<>();
            int unmatched = -1;
            int i = 0;
            int n = regex.length();
            while (i < n) {
                char c = regex.charAt(i);
                if (c == '\\' && i + 1 < n && regex.charAt(i + 1) == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    if (end < 0) {
                        return new Structure(open.isEmpty() ? -1 : open.getLast(), unmatched, true, dollars);
                    }
                    i = end + 2;
                } else if (c == '\\') {
                    i += 2;
                } else if (c == '[') {
                    i = classEnd(regex, i);
                } else {
                    if (c == '(') {
                        open.add(i);
                    } else if (c == ')') {
                        if (open.isEmpty()) {
                            unmatched = unmatched < 0 ? i : unmatched;
                        } else {
                            open.removeLast();
                        }
                    } else if (c == '$') {
                        dollars.add(i);
                    }
                    i++;
                }
            }
            return new Structure(open.isEmpty() ? -1 : open.getLast(), unmatched, false, dollars);
        }

        /** The offset after the class starting at {@code start}: a leading ']' is literal, [:name:] nests. */
        private static int classEnd(String regex, int start) {
            int n = regex.length();
            int i = start + 1;
            if (i < n && regex.charAt(i) == '^') {
                i++;
            }
            if (i < n && regex.charAt(i) == ']') {
                i++;
            }
            while (i < n) {
                char c = regex.charAt(i);
                if (c == ']') {
                    return i + 1;
                }
                if (c == '\\') {
                    i += 2;
                } else if (c == '[' && regex.startsWith("[:", i) && regex.indexOf(":]", i + 2) > 0) {
                    i = regex.indexOf(":]", i + 2) + 2;
                } else {
                    i++;
                }
            }
            return n;
        }
    }
}
