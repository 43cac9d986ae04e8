package org.unveil.capture.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What decoding could not do, counted per capture: packets whose headers contradict themselves, headers cut
 * short by the capture's snaplen, packets of a link type Unveil does not decode, packets the packet filter could
 * not test, and packets a command read but had no use for (the load-balancing lab models IPv4 only). The capture
 * pipeline keeps these for every file it reads; a caller that reads through it can tell how many packets it
 * skipped, but only the caller decides whether to say so.
 */
public final class DecodeStatistics {
    private long packets;
    private long malformed;
    private long truncated;
    private long unsupportedLink;
    private long unused;
    private String unusedWhy;
    private long untested;
    private String untestedWhy;
    private boolean untestedForSeveral;

    /** Counts one decoded packet by how far its decoding got. */
    public void add(PacketLayers layers) {
        packets++;
        switch (layers.status()) {
            case MALFORMED -> malformed++;
            case TRUNCATED -> truncated++;
            case UNSUPPORTED_LINK -> unsupportedLink++;
            default -> { }
        }
    }

    /** Counts a packet the command read and left out, for the reason given (the same for all of them). */
    public void unused(String why) {
        unused++;
        unusedWhy = why;
    }

    /**
     * Counts a packet left out undecoded because the packet filter could not test it (libpcap has no program
     * for its link type), for the reason libpcap gave; a filter must not drop what it never looked at unsaid.
     */
    public void untested(String why) {
        packets++;
        untested++;
        noteUntested(why);
    }

    private void noteUntested(String why) {
        if (untestedWhy == null) {
            untestedWhy = why;
        } else if (why != null && !why.equals(untestedWhy)) {
            untestedForSeveral = true;
        }
    }

    public void merge(DecodeStatistics other) {
        packets += other.packets;
        malformed += other.malformed;
        truncated += other.truncated;
        unsupportedLink += other.unsupportedLink;
        unused += other.unused;
        unusedWhy = unusedWhy != null ? unusedWhy : other.unusedWhy;
        untested += other.untested;
        noteUntested(other.untestedWhy);
        untestedForSeveral |= other.untestedForSeveral;
    }

    /** Packets counted: those decoded and those the filter could not test. */
    public long packets() {
        return packets;
    }

    public long malformed() {
        return malformed;
    }

    public long truncated() {
        return truncated;
    }

    public long unsupportedLink() {
        return unsupportedLink;
    }

    public long unused() {
        return unused;
    }

    public long untested() {
        return untested;
    }

    /** One line for stderr ("12 of 1,000 packets: 10 malformed, 2 of an undecoded link type"), or null if none. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (malformed > 0) {
            parts.add(String.format(Locale.ROOT, "%,d with malformed headers (not decoded past them)", malformed));
        }
        if (truncated > 0) {
            parts.add(String.format(Locale.ROOT, "%,d with headers cut short by the snaplen", truncated));
        }
        if (unsupportedLink > 0) {
            parts.add(String.format(Locale.ROOT, "%,d of a link type Unveil does not decode", unsupportedLink));
        }
        if (untested > 0) {
            parts.add(String.format(Locale.ROOT, "%,d left out: the packet filter could not test them (%s%s)", untested,
                    untestedWhy, untestedForSeveral ? "; and other reasons for other link types" : ""));
        }
        if (unused > 0) {
            parts.add(String.format(Locale.ROOT, "%,d left out: %s", unused, unusedWhy));
        }
        return parts.isEmpty() ? null
                : String.format(Locale.ROOT, "%,d packets read: ", packets) + String.join("; ", parts);
    }
}
