package org.unveil.bench;

import org.unveil.generator.app.TlsProfile;
import org.unveil.generator.frame.Ascii;
import org.unveil.generator.stack.Rng;

/** A browser on an operating system: its User-Agent, its TLS ClientHello and the stack under it. */
enum Browser {
    CHROME_WINDOWS(OsProfile.WINDOWS, TlsProfile.CHROME_131, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
    EDGE_WINDOWS(OsProfile.WINDOWS, TlsProfile.CHROME_131, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"),
    FIREFOX_WINDOWS(OsProfile.WINDOWS, TlsProfile.FIREFOX_133, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0)"
            + " Gecko/20100101 Firefox/133.0"),
    IE11_WINDOWS7(OsProfile.WINDOWS, TlsProfile.IE11, "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0;"
            + " rv:11.0) like Gecko"),
    FIREFOX_LINUX(OsProfile.LINUX, TlsProfile.FIREFOX_133, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101"
            + " Firefox/133.0"),
    CHROME_LINUX(OsProfile.LINUX, TlsProfile.CHROME_131, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
    SAFARI_MAC(OsProfile.MACOS, TlsProfile.SAFARI_18, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"),
    CHROME_MAC(OsProfile.MACOS, TlsProfile.CHROME_131, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"
            + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
    CHROME_ANDROID(OsProfile.ANDROID, TlsProfile.CHROME_131, "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36");

    private static final Browser[] ALL = values();

    final OsProfile os;
    final TlsProfile tls;
    final byte[] userAgent;

    Browser(OsProfile os, TlsProfile tls, String userAgent) {
        this.os = os;
        this.tls = tls;
        this.userAgent = Ascii.bytes(userAgent);
    }

    /** A browser drawn with roughly the market shares of desktop and mobile traffic. */
    static Browser draw(Rng rng) {
        int p = rng.nextInt(100);
        if (p < 30) {
            return CHROME_WINDOWS;
        } else if (p < 40) {
            return EDGE_WINDOWS;
        } else if (p < 45) {
            return FIREFOX_WINDOWS;
        } else if (p < 48) {
            return IE11_WINDOWS7;
        } else if (p < 53) {
            return FIREFOX_LINUX;
        } else if (p < 56) {
            return CHROME_LINUX;
        } else if (p < 68) {
            return SAFARI_MAC;
        } else if (p < 75) {
            return CHROME_MAC;
        }
        return CHROME_ANDROID;
    }

    static Browser any(Rng rng) {
        return ALL[rng.nextInt(ALL.length)];
    }
}
