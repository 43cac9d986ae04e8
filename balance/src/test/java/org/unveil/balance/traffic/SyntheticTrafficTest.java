package org.unveil.balance.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticTrafficTest {

    @Test
    void theMixResemblesTheThesisTrace() {
        // section 12.2.1: 73% of the load is HTTP, 55% of outgoing traffic goes to the proxy; heavy tails make
        // any one run noisy, so a long run and generous bounds
        List<FlowRecord> flows = new SyntheticTraffic(7, new SyntheticTraffic.Options(3600, 12, false, false, false))
                .flows();
        double total = 0;
        double http = 0;
        double outgoing = 0;
        double proxy = 0;
        for (FlowRecord f : flows) {
            total += f.bytes();
            if (f.destinationPort() == 80 || f.destinationPort() == 443 || f.destinationPort() == SyntheticTraffic.PROXY_PORT) {
                http += f.bytes();
            }
            if (InternalNetwork.isPrivate(f.source())) {
                outgoing += f.bytes();
                if (f.destination() == SyntheticTraffic.PROXY) {
                    proxy += f.bytes();
                }
            }
        }
        assertThat(http / total).isBetween(0.60, 0.86);
        assertThat(proxy / outgoing).isBetween(0.42, 0.70);
        assertThat(flows).isSortedAccordingTo(java.util.Comparator.comparingLong(FlowRecord::startNanos));
    }

    @Test
    void theSameSeedGivesTheSameTrace() {
        var options = new SyntheticTraffic.Options(120, 12, true, true, true);
        assertThat(new SyntheticTraffic(3, options).flows()).isEqualTo(new SyntheticTraffic(3, options).flows());
        assertThat(new SyntheticTraffic(4, options).flows()).isNotEqualTo(new SyntheticTraffic(3, options).flows());
    }

    @Test
    void everyExternalAddressIsADocumentationAddress() {
        for (FlowRecord f : new SyntheticTraffic(9, new SyntheticTraffic.Options(300, 12, true, true, true)).flows()) {
            for (long a : new long[] {f.source(), f.destination()}) {
                long net = a >>> 8;
                boolean documentation = net == FlowCsv.ipv4("192.0.2.0") >>> 8 || net == FlowCsv.ipv4("198.51.100.0") >>> 8
                        || net == FlowCsv.ipv4("203.0.113.0") >>> 8;
                assertThat(documentation || InternalNetwork.isPrivate(a)).as("%08x", a).isTrue();
            }
        }
    }
}
