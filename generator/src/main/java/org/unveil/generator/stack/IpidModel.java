package org.unveil.generator.stack;

/**
 * How a host fills the IPv4 identification field. Each kind is a behaviour seen in real stacks, and each is
 * what one IPID-based NAT detector (Bellovin 2002 and its successors) either relies on or must survive.
 */
public sealed interface IpidModel {

    /** The name written to the hosts CSV. */
    String label();

    /** One counter for every packet the host sends: old Linux (2.4) and Windows before 8. */
    record GlobalCounter() implements IpidModel {
        @Override
        public String label() {
            return "global";
        }
    }

    /**
     * One counter per destination, as Windows 8 and later keep them (in hashed buckets, which for the few
     * destinations of a capture means one per destination).
     *
     * @param byteSwapped the counter is written in little-endian order, as old Windows stacks did, so on the
     *     wire it grows by 256 per packet
     * @param wrapBits 16 (wraps at 65536) or 15 (wraps at 32768, as some embedded stacks do)
     */
    record PerDestination(boolean byteSwapped, int wrapBits) implements IpidModel {
        public PerDestination {
            if (wrapBits != 15 && wrapBits != 16) {
                throw new IllegalArgumentException("IPID counters wrap at 2^15 or 2^16, not 2^" + wrapBits);
            }
        }

        @Override
        public String label() {
            return "per-destination" + (byteSwapped ? "-swapped" : "") + (wrapBits == 15 ? "-15bit" : "");
        }
    }

    /** A counter per connection from a random start: Linux since 3.x for connected sockets. */
    record PerConnection() implements IpidModel {
        @Override
        public String label() {
            return "per-connection";
        }
    }

    /** A fresh random value per packet: macOS, iOS, FreeBSD and OpenBSD with random IDs enabled. */
    record RandomPerPacket() implements IpidModel {
        @Override
        public String label() {
            return "random";
        }
    }

    /** Always zero: what Linux sends on some don't-fragment packets (RFC 6864 allows it for atomic datagrams). */
    record Zero() implements IpidModel {
        @Override
        public String label() {
            return "zero";
        }
    }
}
