package org.unveil.capture.pcapng;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterfacesTest {
    private static final long T0 = 1_700_000_000L;
    private static final BigInteger NANOS = BigInteger.TEN.pow(9);

    /** The exact answer: floor(ts * 10^9 / units) + offset * 10^9, computed without rounding. */
    private static long exact(long ts, long units, long offsetSeconds) {
        return new BigInteger(Long.toUnsignedString(ts)).multiply(NANOS).divide(BigInteger.valueOf(units))
                .add(BigInteger.valueOf(offsetSeconds).multiply(NANOS)).longValueExact();
    }

    @ParameterizedTest(name = "units {0}, binary {1}")
    @CsvSource({
            "1000000, false", "1000000000, false", "1000, false", "1, false", "10, false",
            "1000000000000, false", "1048576, true", "1073741824, true", "1024, true", "2, true"})
    void convertsTimestampsToExactNanoseconds(long units, boolean binary) {
        Interfaces interfaces = new Interfaces();
        interfaces.add(1, 65535, units, binary, 0);
        interfaces.add(1, 65535, units, binary, -3600);

        // a realistic time, or as late as 64 bits of such fine units reach
        long base = Math.min(T0, Long.MAX_VALUE / units / 2) * units;
        for (long rest : new long[] {0, 1, units / 3, units / 2, units - 1}) {
            long ts = base + rest;
            assertThat(interfaces.toNanos(0, ts)).as("ts %d", ts).isEqualTo(exact(ts, units, 0));
            assertThat(interfaces.toNanos(1, ts)).as("ts %d with offset", ts).isEqualTo(exact(ts, units, -3600));
        }
    }

    @Test
    void keepsTheFieldsOfManyInterfacesApart() {
        Interfaces interfaces = new Interfaces();
        for (int i = 0; i < 11; i++) { // more than the arrays start with
            interfaces.add(100 + i, 1000 + i, i % 2 == 0 ? 1_000_000L : 1_000_000_000L, false, i);
        }

        assertThat(interfaces.count()).isEqualTo(11);
        for (int i = 0; i < 11; i++) {
            assertThat(interfaces.linkType(i)).isEqualTo(100 + i);
            assertThat(interfaces.snaplen(i)).isEqualTo(1000 + i);
            assertThat(interfaces.toNanos(i, 5)).isEqualTo(i * 1_000_000_000L + (i % 2 == 0 ? 5_000 : 5));
        }
        interfaces.clear();
        assertThat(interfaces.count()).isZero();
    }
}
