package org.unveil.generator.stack;

import org.unveil.generator.frame.OptionLayout;

/**
 * What a stack's SYN looks like (p0f-style): initial TTL, window, MSS, window scale and the order of its
 * options, which passive fingerprinting reads and which a NAT passes through unchanged.
 */
public record SynSignature(String name, int ttl, int window, int mss, int windowScale, OptionLayout layout) {

    /** Windows 10 and 11: TTL 128, 64240, options MSS,NOP,WS,SACK_PERM(,TS) or with two NOPs instead of TS. */
    public static final SynSignature WINDOWS = new SynSignature("windows", 128, 64240, 1460, 8, OptionLayout.WINDOWS);
    /** macOS: TTL 64, 65535, MSS,NOP,WS,NOP,NOP,TS,SACK_PERM,EOL. */
    public static final SynSignature MACOS = new SynSignature("macos", 64, 65535, 1460, 6, OptionLayout.MACOS);
    /** iOS: the macOS stack, with a smaller window scale. */
    public static final SynSignature IOS = new SynSignature("ios", 64, 65535, 1460, 5, OptionLayout.MACOS);
    /** Android: a Linux kernel with a larger initial window. */
    public static final SynSignature ANDROID = new SynSignature("android", 64, 65535, 1460, 9, OptionLayout.LINUX);
    /** Linux 4.x and later: TTL 64, 64240, MSS,SACK_PERM,TS,NOP,WS. */
    public static final SynSignature LINUX = new SynSignature("linux", 64, 64240, 1460, 7, OptionLayout.LINUX);
    /** Linux 2.6: the same layout with the old 5840-byte window. */
    public static final SynSignature LINUX_OLD = new SynSignature("linux-2.6", 64, 5840, 1460, 7, OptionLayout.LINUX);
    /** A Linux web server tuned as the benchmark capture's are: the Linux layout with a 65160-byte window. */
    public static final SynSignature LINUX_SERVER = new SynSignature("linux-server", 64, 65160, 1460, 7,
            OptionLayout.LINUX);
    /** FreeBSD: TTL 64, 65535, MSS,NOP,WS,SACK_PERM,TS. */
    public static final SynSignature FREEBSD = new SynSignature("freebsd", 64, 65535, 1460, 6, OptionLayout.WINDOWS);

    /** Windows XP/2003: TTL 128, 65535, MSS,NOP,NOP,SACK_PERM (no scale written: the field is unused). */
    public static final SynSignature WINDOWS_XP = new SynSignature("windows-xp", 128, 65535, 1460, 0,
            OptionLayout.WINDOWS_NT5);
    /** Windows 7: TTL 128, 8192, scale 8, MSS,NOP,WS,NOP,NOP,SACK_PERM (ek_to_cryptowall4.pcapng). */
    public static final SynSignature WINDOWS_7 = new SynSignature("windows-7", 128, 8192, 1460, 8,
            OptionLayout.WINDOWS);
    /** Mac OS X 10.4: the macOS layout with scale 0 (AppleTV, evidence03). */
    public static final SynSignature MACOS_10_4 = new SynSignature("macos-10.4", 64, 65535, 1460, 0,
            OptionLayout.MACOS);

    public SynSignature {
        if (ttl < 1 || ttl > 255 || window < 0 || window > 65535 || mss < 64 || mss > 65535 || windowScale < 0
                || windowScale > 14) {
            throw new IllegalArgumentException("impossible SYN signature " + name);
        }
    }
}
