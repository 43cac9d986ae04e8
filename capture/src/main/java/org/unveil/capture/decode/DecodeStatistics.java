package org.unveil.capture.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What decoding could not do, counted per capture: packets whose headers contradict themselves, headers cut
 * short by the capture's snaplen, packets of a link type Unveil does not decode, and packets a command read but
 * had no use for (the load-balancing lab models IPv4 only). Every command keeps these, so that none can skip
 * packets without saying how many.
 */
public final class DecodeStatistics {
    private long packets;
    private long malformed;
    private long truncated;
    private long unsupportedLink;
    private long unused;
    private String unusedWhy;

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

    public void merge(DecodeStatistics other) {
        packets += other.packets;
        malformed += other.malformed;
        truncated += other.truncated;
        unsupportedLink += other.unsupportedLink;
        unused += other.unused;
        unusedWhy = unusedWhy != null ? unusedWhy : other.unusedWhy;
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
        if (unused > 0) {
            parts.add(String.format(Locale.ROOT, "%,d left out: %s", unused, unusedWhy));
        }
        return parts.isEmpty() ? null
                : String.format(Locale.ROOT, "%,d packets read: ", packets) + String.join("; ", parts);
    }
}
