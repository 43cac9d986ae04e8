package org.unveil.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlowKeyTest {
    @Test
    void ipv4AddressesAreHeldMappedAndPrintedDotted() {
        FlowKey key = new FlowKey(6, 0, 0x0000_FFFF_0A00_0001L, 80, 0, 0x0000_FFFF_0A00_0002L, 40000);
        assertThat(key.addressA()).isEqualTo("10.0.0.1");
        assertThat(key.addressB()).isEqualTo("10.0.0.2");
        assertThat(key).hasToString("6 10.0.0.1:80 <-> 10.0.0.2:40000");
    }

    @Test
    void ipv6AddressesArePrintedPerRfc5952() {
        FlowKey key = new FlowKey(17, 0x2001_0db8_0000_0000L, 1, 53, 0x2001_0db8_0000_0000L, 2, 50000);
        assertThat(key.addressA()).isEqualTo("2001:db8::1");
        assertThat(key.addressB()).isEqualTo("2001:db8::2");
        assertThat(key).hasToString("17 [2001:db8::1]:53 <-> [2001:db8::2]:50000"); // the port apart from the groups
    }

    @Test
    void keysWithTheSameFieldsAreEqual() {
        FlowKey a = new FlowKey(6, 1, 2, 3, 4, 5, 6);
        assertThat(a).isEqualTo(new FlowKey(6, 1, 2, 3, 4, 5, 6)).hasSameHashCodeAs(new FlowKey(6, 1, 2, 3, 4, 5, 6));
        assertThat(a).isNotEqualTo(new FlowKey(17, 1, 2, 3, 4, 5, 6));
    }
}
