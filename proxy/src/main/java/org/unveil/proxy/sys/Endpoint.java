package org.unveil.proxy.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** An IPv4 address and TCP port, as a sockaddr_in holds them. */
public record Endpoint(int address, int port) {
    /** sizeof(struct sockaddr_in). */
    public static final int SOCKADDR_SIZE = 16;
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    public Endpoint {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }

    /** Reads "A.B.C.D:PORT" (whole addresses only); the message names what is wrong. */
    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not ADDRESS:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no port number");
        }
        String host = text.substring(0, colon);
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + host + "' is not a whole IPv4 address");
        }
        int address = 0;
        for (String part : parts) {
            int value;
            try {
                value = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + host + "' is not a whole IPv4 address");
            }
            if (value < 0 || value > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("'" + host + "' is not a whole IPv4 address");
            }
            address = address << 8 | value;
        }
        return new Endpoint(address, port);
    }

    public void write(MemorySegment sockaddr) {
        sockaddr.fill((byte) 0);
        sockaddr.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) Libc.AF_INET);
        sockaddr.set(NET_SHORT, 2, (short) port);
        sockaddr.set(NET_INT, 4, address);
    }

    public static Endpoint read(MemorySegment sockaddr) {
        return new Endpoint(sockaddr.get(NET_INT, 4), Short.toUnsignedInt(sockaddr.get(NET_SHORT, 2)));
    }

    /** The address as A.B.C.D. */
    public String host() {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    /** The same endpoint for the JDK's sockets (the node link's plain TCP). */
    public java.net.InetSocketAddress socketAddress() {
        return new java.net.InetSocketAddress(host(), port);
    }

    @Override
    public String toString() {
        return host() + ":" + port;
    }
}
