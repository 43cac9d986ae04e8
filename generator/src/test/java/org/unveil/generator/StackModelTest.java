package org.unveil.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.unveil.generator.stack.IpidCounters;
import org.unveil.generator.stack.IpidModel;
import org.unveil.generator.stack.PortAllocator;
import org.unveil.generator.stack.Rng;

/** The host model's counters and allocators, against values worked out by hand. */
class StackModelTest {
    /** A generator that must not be asked: the behaviour under test draws nothing. */
    private static final RandomGenerator NO_DRAWS = () -> {
        throw new AssertionError("drew a random number");
    };

    @Test
    void splitMixMatchesTheReferenceSequence() {
        // Vigna's splitmix64.c seeded with 0: the first two outputs
        Rng rng = new Rng(0);
        assertThat(rng.nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(rng.nextLong()).isEqualTo(0x6E789E6AA1B965F4L);
    }

    @Test
    void ipidCountersFollowTheirStack() {
        int[] connection = {10, 20};
        IpidCounters host = new IpidCounters(0xFFFF, new int[] {1, 0x7FFF});
        assertThat(host.next(new IpidModel.GlobalCounter(), 0, connection, 0, NO_DRAWS)).isEqualTo(0xFFFF);
        assertThat(host.next(new IpidModel.GlobalCounter(), 1, connection, 1, NO_DRAWS)).isZero();
        // an old Windows stack's counter in little-endian order: 1, 2 show as 256, 512
        assertThat(host.next(new IpidModel.PerDestination(true, 16), 0, connection, 0, NO_DRAWS)).isEqualTo(0x0100);
        assertThat(host.next(new IpidModel.PerDestination(true, 16), 0, connection, 0, NO_DRAWS)).isEqualTo(0x0200);
        assertThat(host.next(new IpidModel.PerDestination(false, 15), 1, connection, 0, NO_DRAWS)).isEqualTo(0x7FFF);
        assertThat(host.next(new IpidModel.PerDestination(false, 15), 1, connection, 0, NO_DRAWS)).isZero();
        assertThat(host.next(new IpidModel.PerConnection(), 0, connection, 1, NO_DRAWS)).isEqualTo(20);
        assertThat(connection).containsExactly(10, 21);
        assertThat(host.next(new IpidModel.Zero(), 0, connection, 0, NO_DRAWS)).isZero();
    }

    @Test
    void steppedPortsWrapPastTheTopAndStepOneDrawsNothing() {
        PortAllocator sequential = new PortAllocator.Stepped(49152, 65535, 1);
        assertThat(sequential.next(50000, NO_DRAWS)).isEqualTo(50001);
        assertThat(sequential.next(65535, NO_DRAWS)).isEqualTo(49153);
        PortAllocator spread = new PortAllocator.Stepped(32768, 60999, 400);
        RandomGenerator largestStep = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new AssertionError("only nextInt(bound) is asked");
            }

            @Override
            public int nextInt(int bound) {
                return bound - 1;
            }
        };
        assertThat(spread.next(60900, largestStep)).isEqualTo(32768 + (60900 + 400 - 60999));
        assertThatThrownBy(() -> new PortAllocator.Stepped(1024, 2000, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
