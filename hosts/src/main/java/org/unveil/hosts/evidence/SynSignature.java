package org.unveil.hosts.evidence;

import org.unveil.capture.decode.TcpHeader;

/**
 * What a host's TCP stack writes into a SYN without being asked (p0f's idea): the initial TTL, the window, the
 * MSS, the window scale and the order of the options. The kernel, not the application, chooses these, so they
 * name the operating system and stay the same for every connection of one host.
 *
 * @param initialTtl the observed TTL rounded up to the usual defaults (32, 64, 128, 255)
 * @param windowScale shift count, or -1 without the option
 * @param mss maximum segment size, or -1 without the option
 * @param layout the options in order as letters: M mss, S sack-permitted, T timestamps, N nop, W window scale,
 *        E end of list, K sack blocks, ? anything else
 */
public record SynSignature(int initialTtl, int window, int mss, int windowScale, String layout, boolean dontFragment) {

    /** Reads the signature of a SYN (the caller checks that it is one). */
    public static SynSignature of(int ttl, boolean dontFragment, TcpHeader syn) {
        StringBuilder layout = new StringBuilder(syn.optionCount());
        for (int i = 0; i < syn.optionCount(); i++) {
            layout.append(letter(syn.optionKind(i)));
        }
        return new SynSignature(initialTtl(ttl), syn.window(), syn.mss(), syn.windowScale(), layout.toString(),
                dontFragment);
    }

    /** Routers lower the TTL by one per hop; stacks start from one of a few defaults, so the next one up is it. */
    public static int initialTtl(int observed) {
        if (observed <= 32) {
            return 32;
        }
        if (observed <= 64) {
            return 64;
        }
        return observed <= 128 ? 128 : 255;
    }

    private static char letter(int kind) {
        return switch (kind) {
            case TcpHeader.OPTION_END -> 'E';
            case TcpHeader.OPTION_NOP -> 'N';
            case TcpHeader.OPTION_MSS -> 'M';
            case TcpHeader.OPTION_WINDOW_SCALE -> 'W';
            case TcpHeader.OPTION_SACK_PERMITTED -> 'S';
            case TcpHeader.OPTION_SACK -> 'K';
            case TcpHeader.OPTION_TIMESTAMPS -> 'T';
            default -> '?';
        };
    }

    /** A compact text form, e.g. {@code 64:64240:1460:7:MSTNW}. */
    @Override
    public String toString() {
        return initialTtl + ":" + window + ":" + mss + ":" + windowScale + ":" + layout;
    }
}
