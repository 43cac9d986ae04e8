package org.unveil.testbed;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** IPv4 addresses as the capture module hands them out (an int) and as labels hold them. */
final class Addresses {
    private Addresses() {
    }

    static int of(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException(address + " is not IPv4");
        }
        return ByteBuffer.wrap(address.getAddress()).getInt();
    }

    static int of(String literal) {
        return of(InetAddress.ofLiteral(literal));
    }

    static String text(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }
}
