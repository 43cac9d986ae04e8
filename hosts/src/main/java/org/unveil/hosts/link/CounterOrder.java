package org.unveil.hosts.link;

import java.util.List;
import org.unveil.hosts.evidence.IpidTrack;

/**
 * The byte order a flow's counter values count up in. Old Windows writes its IPID counter byte-swapped; a flow
 * with enough values shows its order by its own steps, while one too short to tell (a lookup) is OPEN: it reads
 * in the order of the chain it continues, and a chain of such flows alone in whichever order continues best.
 */
enum CounterOrder {
    PLAIN, SWAPPED, OPEN;

    // Asked for every candidate of every flow: made once.
    private static final List<CounterOrder> AS_PLAIN = List.of(PLAIN);
    private static final List<CounterOrder> AS_SWAPPED = List.of(SWAPPED);
    private static final List<CounterOrder> EITHER = List.of(PLAIN, SWAPPED);

    /** The orders a flow showing this one may be read in. */
    List<CounterOrder> readings() {
        return switch (this) {
            case PLAIN -> AS_PLAIN;
            case SWAPPED -> AS_SWAPPED;
            case OPEN -> EITHER;
        };
    }

    /** A value as written, read in this order (OPEN: as written). */
    int read(int written) {
        return this == SWAPPED ? IpidTrack.swap(written) : written;
    }
}
