package org.unveil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

class SynAckTest {
    private static final long T0 = 1_764_800_000_000_000_000L; // epoch ns

    @Test
    void oneOneKilohertzClockKeepsItsOffsetAcrossConnectionsAndWrapsModuloTwoToThe32() {
        // labelled: a stack whose clock reads 4,294,966,000 ticks at T0 and ticks at 1 kHz; 2.5 s later it has wrapped
        SynAck first = new SynAck(T0, 64, 65160, "mss1460,sack,ts,nop,ws7", 4_294_966_000L);
        SynAck later = new SynAck(T0 + 2_500_000_000L, 64, 65160, "mss1460,sack,ts,nop,ws7",
                (4_294_966_000L + 2_500) & 0xffffffffL);
        assertThat(later.tsval()).isLessThan(first.tsval()); // wrapped
        assertThat(later.clockOffset()).isEqualTo(first.clockOffset());
        List<Evidence> e = first.evidence();
        assertThat(e).extracting(Evidence::kind).containsExactly(Kind.TCP, Kind.TCP_CLOCK);
        assertThat(e.get(0).key()).isEqualTo("syn-ack");
        assertThat(e.get(0).value()).isEqualTo("ttl 64, window 65160, options mss1460,sack,ts,nop,ws7");
        assertThat(e.get(1).key()).isEqualTo("tcp clock");
        assertThat(e.get(1).low()).isEqualTo((double) first.clockOffset());
    }

    @Test
    void aSynAckWithoutTimestampsGivesItsSignatureOnly() {
        assertThat(new SynAck(T0, 128, 8192, "mss1460,nop,ws8,sack", -1).evidence())
                .extracting(Evidence::kind).containsExactly(Kind.TCP);
    }
}
