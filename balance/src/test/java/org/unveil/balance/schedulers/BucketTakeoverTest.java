package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.balance.Scheduler;

/** CLUSTERIP and IPVS source hashing: dead nodes lose their buckets and get exactly them back on return. */
class BucketTakeoverTest {
    private static final Flows FLOWS = new Flows(5, 20_000);

    static Stream<Arguments> schedulers() {
        return Stream.of(Arguments.of("clusterip", (Supplier<Scheduler>) ClusterIpHash::new),
                Arguments.of("ipvs-sh", (Supplier<Scheduler>) IpvsSourceHash::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedulers")
    void deadNodeIsNeverChosenAndReturningNodeGetsItsBucketsBack(String name, Supplier<Scheduler> factory) {
        Scheduler scheduler = Flows.started(factory.get(), 4, 4);
        int[] before = FLOWS.assign(scheduler);
        assertThat(Flows.counts(before, 4)).doesNotContain(0);

        scheduler.nodeDown(1, 0);
        int[] during = FLOWS.assign(scheduler);
        assertThat(during).doesNotContain(1);

        scheduler.nodeUp(1, 0);
        assertThat(FLOWS.assign(scheduler)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedulers")
    void allFlowsOfOneInternalHostShareANode(String name, Supplier<Scheduler> factory) {
        Scheduler scheduler = Flows.started(factory.get(), 4, 4);
        int first = scheduler.assign(Trace.packetOf(new Trace.Flow(6, 0x0a000007L, 1000, 1L, 80), 0, true));
        for (int port = 1001; port < 1100; port++) {
            Trace.Flow flow = new Trace.Flow(17, 0x0a000007L, port, port * 7919L, 53);
            assertThat(scheduler.assign(Trace.packetOf(flow, port, port % 2 == 0))).isEqualTo(first);
        }
    }
}
