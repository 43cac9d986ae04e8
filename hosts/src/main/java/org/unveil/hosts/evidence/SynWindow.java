package org.unveil.hosts.evidence;

/**
 * The window column of the SYN tables ({@link OsSignatures}, {@link OsLabels}), in p0f v3's notation: a number, a
 * multiple of the MSS ({@code mss*20}: some stacks size their first window so), or {@code *} for any.
 */
final class SynWindow {
    private SynWindow() {
    }

    static boolean matches(String pattern, SynSignature s) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("mss*")) {
            return s.mss() > 0 && s.window() == s.mss() * Integer.parseInt(pattern.substring(4));
        }
        return s.window() == Integer.parseInt(pattern);
    }
}
