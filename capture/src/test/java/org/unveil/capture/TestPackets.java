package org.unveil.capture;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;

/**
 * Test-only packet builder: assembles link, IP, transport and application bytes by hand, in network byte
 * order, so tests know every value they later expect from the decoders. Nothing here calls a decoder
 * except {@link #decode}, which tests use to run the code under test.
 */
public final class TestPackets {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;
    public static final int ETHERTYPE_QINQ_OLD = 0x9100;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;

    public static final byte[] MAC_DST = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    public static final byte[] MAC_SRC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

    private TestPackets() {
    }

    // ---- raw bytes ----

    /** A growable buffer written in network (big-endian) order. */
    public static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Bytes u8(int v) {
            out.write(v & 0xFF);
            return this;
        }

        public Bytes u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        public Bytes u24(int v) {
            return u8(v >>> 16).u16(v);
        }

        public Bytes u32(long v) {
            return u16((int) (v >>> 16)).u16((int) v);
        }

        /** A 32-bit value in little-endian order (DLT_NULL written by a little-endian host). */
        public Bytes u32le(long v) {
            return u8((int) v).u8((int) (v >>> 8)).u8((int) (v >>> 16)).u8((int) (v >>> 24));
        }

        public Bytes bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public Bytes bytes(int... values) {
            for (int v : values) {
                u8(v);
            }
            return this;
        }

        public Bytes ascii(String s) {
            return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Bytes zeros(int n) {
            return bytes(new byte[n]);
        }

        public int size() {
            return out.size();
        }

        public byte[] toArray() {
            return out.toByteArray();
        }
    }

    public static Bytes bytes() {
        return new Bytes();
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] concat(byte[]... parts) {
        Bytes b = new Bytes();
        for (byte[] p : parts) {
            b.bytes(p);
        }
        return b.toArray();
    }

    /** The first {@code length} bytes, as a capture with that snaplen would keep them. */
    public static byte[] cut(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    /** Dotted quad to four bytes. */
    public static byte[] v4(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    /** Eight 16-bit groups to sixteen bytes (no "::" shorthand, so the value is written out in full). */
    public static byte[] v6(int... groups) {
        if (groups.length != 8) {
            throw new IllegalArgumentException("eight groups");
        }
        Bytes b = new Bytes();
        for (int g : groups) {
            b.u16(g);
        }
        return b.toArray();
    }

    // ---- link layers ----

    public static byte[] ethernet(int etherType, byte[] payload) {
        return bytes().bytes(MAC_DST).bytes(MAC_SRC).u16(etherType).bytes(payload).toArray();
    }

    /** Ethernet II padded with zero bytes to {@code frameLength} (60 is the minimum frame without FCS). */
    public static byte[] ethernetPadded(int etherType, byte[] payload, int frameLength) {
        byte[] frame = ethernet(etherType, payload);
        return frame.length >= frameLength ? frame : Arrays.copyOf(frame, frameLength);
    }

    /** Ethernet with tags, each {tpid, tci}, outermost first. */
    public static byte[] ethernetTagged(int[][] tags, int etherType, byte[] payload) {
        Bytes b = bytes().bytes(MAC_DST).bytes(MAC_SRC);
        for (int[] tag : tags) {
            b.u16(tag[0]).u16(tag[1]);
        }
        return b.u16(etherType).bytes(payload).toArray();
    }

    /** An 802.1Q TCI: priority, drop-eligible bit, VLAN id. */
    public static int tci(int priority, boolean dropEligible, int vlanId) {
        return (priority << 13) | (dropEligible ? 0x1000 : 0) | vlanId;
    }

    /** IEEE 802.3 frame: the type field is the length of the LLC data that follows. */
    public static byte[] ethernet8023(byte[] llcData) {
        return bytes().bytes(MAC_DST).bytes(MAC_SRC).u16(llcData.length).bytes(llcData).toArray();
    }

    /** RFC 1042 LLC/SNAP header (DSAP AA, SSAP AA, UI, OUI 00-00-00) and EtherType before {@code payload}. */
    public static byte[] llcSnap(int etherType, byte[] payload) {
        return bytes().bytes(0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00).u16(etherType).bytes(payload).toArray();
    }

    /** Linux cooked capture v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
    public static byte[] sll(int protocol, byte[] payload) {
        return bytes().u16(0).u16(1).u16(6).bytes(MAC_SRC).zeros(2).u16(protocol).bytes(payload).toArray();
    }

    /** Linux cooked capture v2: protocol, reserved, ifindex, ARPHRD, packet type, address length, address. */
    public static byte[] sll2(int protocol, byte[] payload) {
        return bytes().u16(protocol).u16(0).u32(3).u16(1).u8(4).u8(6).bytes(MAC_SRC).zeros(2).bytes(payload)
                .toArray();
    }

    /** BSD loopback DLT_NULL: the address family in the capturing host's byte order. */
    public static byte[] nullLink(int family, boolean littleEndianHost, byte[] payload) {
        Bytes b = bytes();
        if (littleEndianHost) {
            b.u32le(family);
        } else {
            b.u32(family);
        }
        return b.bytes(payload).toArray();
    }

    /** OpenBSD DLT_LOOP: the address family in network byte order. */
    public static byte[] loop(int family, byte[] payload) {
        return bytes().u32(family).bytes(payload).toArray();
    }

    // ---- IPv4 ----

    public static Ipv4 ipv4() {
        return new Ipv4();
    }

    public static final class Ipv4 {
        private int version = 4;
        private Integer ihlWords;
        private int tos;
        private Integer totalLength;
        private int id;
        private boolean df;
        private boolean mf;
        private int fragmentUnits;
        private int ttl = 64;
        private int protocol = TCP;
        private int checksum;
        private byte[] source = v4("10.0.0.1");
        private byte[] destination = v4("10.0.0.2");
        private byte[] options = new byte[0];

        public Ipv4 version(int v) {
            version = v;
            return this;
        }

        /** Overrides the IHL field (32-bit words); normally derived from the options. */
        public Ipv4 ihl(int words) {
            ihlWords = words;
            return this;
        }

        public Ipv4 tos(int v) {
            tos = v;
            return this;
        }

        /** Overrides the total length field; normally header plus payload. */
        public Ipv4 totalLength(int v) {
            totalLength = v;
            return this;
        }

        public Ipv4 id(int v) {
            id = v;
            return this;
        }

        public Ipv4 df() {
            df = true;
            return this;
        }

        public Ipv4 mf() {
            mf = true;
            return this;
        }

        /** Fragment offset in bytes (a multiple of 8). */
        public Ipv4 fragmentOffset(int bytes) {
            if (bytes % 8 != 0) {
                throw new IllegalArgumentException("fragment offsets are in 8-byte units");
            }
            fragmentUnits = bytes / 8;
            return this;
        }

        public Ipv4 ttl(int v) {
            ttl = v;
            return this;
        }

        public Ipv4 protocol(int v) {
            protocol = v;
            return this;
        }

        public Ipv4 checksum(int v) {
            checksum = v;
            return this;
        }

        public Ipv4 source(String dotted) {
            source = v4(dotted);
            return this;
        }

        public Ipv4 destination(String dotted) {
            destination = v4(dotted);
            return this;
        }

        /** Raw option bytes, padded by the caller to a multiple of 4. */
        public Ipv4 options(byte[] v) {
            options = v;
            return this;
        }

        public byte[] build(byte[] payload) {
            int header = 20 + options.length;
            int ihl = ihlWords != null ? ihlWords : header / 4;
            int total = totalLength != null ? totalLength : header + payload.length;
            int flags = (df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | fragmentUnits;
            return bytes().u8((version << 4) | ihl).u8(tos).u16(total).u16(id).u16(flags).u8(ttl).u8(protocol)
                    .u16(checksum).bytes(source).bytes(destination).bytes(options).bytes(payload).toArray();
        }
    }

    // ---- IPv6 ----

    public static Ipv6 ipv6() {
        return new Ipv6();
    }

    public static final class Ipv6 {
        private int version = 6;
        private int trafficClass;
        private int flowLabel;
        private Integer payloadLength;
        private int hopLimit = 64;
        private byte[] source = v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
        private byte[] destination = v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 2);
        private final List<Integer> extensionTypes = new ArrayList<>();
        private final List<byte[]> extensionBodies = new ArrayList<>();

        public Ipv6 version(int v) {
            version = v;
            return this;
        }

        public Ipv6 trafficClass(int v) {
            trafficClass = v;
            return this;
        }

        public Ipv6 flowLabel(int v) {
            flowLabel = v;
            return this;
        }

        /** Overrides the payload length field; normally extension headers plus upper-layer bytes. */
        public Ipv6 payloadLength(int v) {
            payloadLength = v;
            return this;
        }

        public Ipv6 hopLimit(int v) {
            hopLimit = v;
            return this;
        }

        public Ipv6 source(byte[] v) {
            source = v;
            return this;
        }

        public Ipv6 destination(byte[] v) {
            destination = v;
            return this;
        }

        /** An extension header of type {@code type}; {@code rest} is everything after its Next Header byte. */
        public Ipv6 extension(int type, byte[] rest) {
            extensionTypes.add(type);
            extensionBodies.add(rest);
            return this;
        }

        /** Hop-by-hop options of {@code length} bytes (a multiple of 8), filled with a PadN option. */
        public Ipv6 hopByHop(int length) {
            return extension(0, optionsBody(length));
        }

        /** Destination options of {@code length} bytes (a multiple of 8), filled with a PadN option. */
        public Ipv6 destinationOptions(int length) {
            return extension(60, optionsBody(length));
        }

        /** A type-0 routing header listing {@code addresses} addresses: 8 + 16n bytes. */
        public Ipv6 routing(int addresses) {
            Bytes b = bytes().u8(2 * addresses).u8(0).u8(addresses).zeros(4);
            for (int i = 0; i < addresses; i++) {
                b.bytes(v6(0x2001, 0xdb8, 0, 0, 0, 0, 1, i));
            }
            return extension(43, b.toArray());
        }

        /** A fragment header (8 bytes): offset in bytes, M flag, identification. */
        public Ipv6 fragment(int offsetBytes, boolean more, long identification) {
            if (offsetBytes % 8 != 0) {
                throw new IllegalArgumentException("fragment offsets are in 8-byte units");
            }
            return extension(44, bytes().u8(0).u16(offsetBytes | (more ? 1 : 0)).u32(identification).toArray());
        }

        /** An authentication header (RFC 4302) with {@code icvBytes} of ICV: 12 + icv bytes, length in 4-byte units. */
        public Ipv6 authentication(int icvBytes) {
            int total = 12 + icvBytes;
            return extension(51, bytes().u8(total / 4 - 2).u16(0).u32(0x1000).u32(1).zeros(icvBytes).toArray());
        }

        private static byte[] optionsBody(int length) {
            if (length % 8 != 0 || length < 8) {
                throw new IllegalArgumentException("extension headers are multiples of 8 bytes");
            }
            // Hdr Ext Len, then a PadN option covering the remaining length - 2 bytes
            return bytes().u8(length / 8 - 1).u8(1).u8(length - 4).zeros(length - 4).toArray();
        }

        public byte[] build(int upperProtocol, byte[] upper) {
            Bytes chain = bytes();
            for (int i = 0; i < extensionTypes.size(); i++) {
                int next = i + 1 < extensionTypes.size() ? extensionTypes.get(i + 1) : upperProtocol;
                chain.u8(next).bytes(extensionBodies.get(i));
            }
            chain.bytes(upper);
            byte[] body = chain.toArray();
            int first = extensionTypes.isEmpty() ? upperProtocol : extensionTypes.get(0);
            int length = payloadLength != null ? payloadLength : body.length;
            return bytes().u32(((long) version << 28) | ((long) trafficClass << 20) | flowLabel).u16(length)
                    .u8(first).u8(hopLimit).bytes(source).bytes(destination).bytes(body).toArray();
        }
    }

    // ---- TCP ----

    public static Tcp tcp() {
        return new Tcp();
    }

    public static final class Tcp {
        private int sourcePort = 40000;
        private int destinationPort = 80;
        private long sequence;
        private long acknowledgment;
        private Integer dataOffsetWords;
        private int flags;
        private int window = 65535;
        private int checksum;
        private int urgent;
        private final Bytes options = new Bytes();
        private byte[] payload = new byte[0];

        public Tcp ports(int source, int destination) {
            sourcePort = source;
            destinationPort = destination;
            return this;
        }

        public Tcp sequence(long v) {
            sequence = v;
            return this;
        }

        public Tcp acknowledgment(long v) {
            acknowledgment = v;
            return this;
        }

        /** The 12 flag bits (reserved, AE, CWR ... FIN). */
        public Tcp flags(int v) {
            flags = v;
            return this;
        }

        public Tcp window(int v) {
            window = v;
            return this;
        }

        public Tcp checksum(int v) {
            checksum = v;
            return this;
        }

        public Tcp urgent(int v) {
            urgent = v;
            return this;
        }

        /** Overrides the data offset (32-bit words); normally derived from the options. */
        public Tcp dataOffset(int words) {
            dataOffsetWords = words;
            return this;
        }

        public Tcp mss(int v) {
            options.u8(2).u8(4).u16(v);
            return this;
        }

        public Tcp windowScale(int shift) {
            options.u8(3).u8(3).u8(shift);
            return this;
        }

        public Tcp sackPermitted() {
            options.u8(4).u8(2);
            return this;
        }

        /** A SACK option with blocks given as left, right, left, right ... */
        public Tcp sack(long... edges) {
            options.u8(5).u8(2 + 4 * edges.length);
            for (long e : edges) {
                options.u32(e);
            }
            return this;
        }

        public Tcp timestamps(long tsval, long tsecr) {
            options.u8(8).u8(10).u32(tsval).u32(tsecr);
            return this;
        }

        public Tcp nop() {
            options.u8(1);
            return this;
        }

        public Tcp eol() {
            options.u8(0);
            return this;
        }

        /** Any option: kind, length (data plus 2), data. */
        public Tcp option(int kind, byte[] data) {
            options.u8(kind).u8(data.length + 2).bytes(data);
            return this;
        }

        /** Option bytes written as given, valid or not. */
        public Tcp rawOptions(int... values) {
            options.bytes(values);
            return this;
        }

        public Tcp payload(byte[] v) {
            payload = v;
            return this;
        }

        public Tcp payload(String ascii) {
            return payload(ascii(ascii));
        }

        /** The segment; options are padded with zero (end-of-list) bytes to a multiple of 4. */
        public byte[] build() {
            byte[] opts = options.toArray();
            int padded = (opts.length + 3) / 4 * 4;
            int offset = dataOffsetWords != null ? dataOffsetWords : (20 + padded) / 4;
            return bytes().u16(sourcePort).u16(destinationPort).u32(sequence).u32(acknowledgment)
                    .u16((offset << 12) | (flags & 0x0FFF)).u16(window).u16(checksum).u16(urgent).bytes(opts)
                    .zeros(padded - opts.length).bytes(payload).toArray();
        }
    }

    // ---- UDP ----

    public static Udp udp() {
        return new Udp();
    }

    public static final class Udp {
        private int sourcePort = 50000;
        private int destinationPort = 53;
        private Integer length;
        private int checksum;

        public Udp ports(int source, int destination) {
            sourcePort = source;
            destinationPort = destination;
            return this;
        }

        public Udp length(int v) {
            length = v;
            return this;
        }

        public Udp checksum(int v) {
            checksum = v;
            return this;
        }

        public byte[] build(byte[] payload) {
            int len = length != null ? length : 8 + payload.length;
            return bytes().u16(sourcePort).u16(destinationPort).u16(len).u16(checksum).bytes(payload).toArray();
        }
    }

    // ---- ICMP / ICMPv6 ----

    // ---- tunnels (headers only: the caller appends what they carry) ----

    public static final int GRE = 47;
    public static final int IPIP = 4;
    public static final int IPV6_IN_IP = 41;

    /** RFC 7348: flags with the I bit, reserved, VNI, reserved; then the inner Ethernet frame. */
    public static byte[] vxlan(int vni, byte[] frame) {
        return bytes().u8(0x08).u24(0).u24(vni).u8(0).bytes(frame).toArray();
    }

    /** RFC 8926: version 0, options of {@code options.length} bytes (a multiple of 4), protocol, VNI. */
    public static byte[] geneve(int vni, int protocol, byte[] options, byte[] payload) {
        return bytes().u8(options.length / 4).u8(0).u16(protocol).u24(vni).u8(0).bytes(options).bytes(payload)
                .toArray();
    }

    /** RFC 2784/2890 GRE version 0; a null checksum, key or sequence leaves its field (and flag) out. */
    public static byte[] gre(int protocol, Integer checksum, Long key, Long sequence, byte[] payload) {
        int flags = (checksum != null ? 0x8000 : 0) | (key != null ? 0x2000 : 0) | (sequence != null ? 0x1000 : 0);
        Bytes b = bytes().u16(flags).u16(protocol);
        if (checksum != null) {
            b.u16(checksum).u16(0);
        }
        if (key != null) {
            b.u32(key);
        }
        if (sequence != null) {
            b.u32(sequence);
        }
        return b.bytes(payload).toArray();
    }

    /** An MPLS label stack entry: label, traffic class, bottom-of-stack, TTL. */
    public static byte[] mplsEntry(int label, int trafficClass, boolean bottom, int ttl) {
        return bytes().u32(((long) label << 12) | (trafficClass << 9) | (bottom ? 0x100 : 0) | ttl).toArray();
    }

    /** RFC 2516 PPPoE session header and PPP protocol before {@code payload}. */
    public static byte[] pppoeSession(int session, int pppProtocol, byte[] payload) {
        return bytes().u8(0x11).u8(0).u16(session).u16(payload.length + 2).u16(pppProtocol).bytes(payload)
                .toArray();
    }

    /** An ICMP message: type, code, checksum, then four bytes (identifier and sequence) and a body. */
    public static byte[] icmp(int type, int code, int checksum, int identifier, int sequence, byte[] body) {
        return bytes().u8(type).u8(code).u16(checksum).u16(identifier).u16(sequence).bytes(body).toArray();
    }

    // ---- TLS ----

    public static ClientHello clientHello() {
        return new ClientHello();
    }

    public static final class ClientHello {
        private int recordVersion = 0x0301;
        private int legacyVersion = 0x0303;
        private byte[] sessionId = new byte[32];
        private int[] cipherSuites = {0x1301, 0x1302, 0xC02B};
        private byte[] compression = {0};
        private final Bytes extensions = new Bytes();
        private Integer extensionsLength;

        public ClientHello recordVersion(int v) {
            recordVersion = v;
            return this;
        }

        public ClientHello legacyVersion(int v) {
            legacyVersion = v;
            return this;
        }

        public ClientHello sessionId(byte[] v) {
            sessionId = v;
            return this;
        }

        public ClientHello cipherSuites(int... v) {
            cipherSuites = v;
            return this;
        }

        public ClientHello compression(byte[] v) {
            compression = v;
            return this;
        }

        /** Overrides the extensions block length; normally the bytes written. */
        public ClientHello extensionsLength(int v) {
            extensionsLength = v;
            return this;
        }

        public ClientHello extension(int type, byte[] data) {
            extensions.u16(type).u16(data.length).bytes(data);
            return this;
        }

        public ClientHello serverName(String host) {
            byte[] name = ascii(host);
            return extension(0, bytes().u16(3 + name.length).u8(0).u16(name.length).bytes(name).toArray());
        }

        public ClientHello alpn(String... protocols) {
            Bytes list = bytes();
            for (String p : protocols) {
                list.u8(p.length()).ascii(p);
            }
            return extension(16, bytes().u16(list.size()).bytes(list.toArray()).toArray());
        }

        public ClientHello supportedVersions(int... versions) {
            Bytes b = bytes().u8(2 * versions.length);
            for (int v : versions) {
                b.u16(v);
            }
            return extension(43, b.toArray());
        }

        public ClientHello signatureAlgorithms(int... values) {
            return extension(13, u16List(values));
        }

        public ClientHello supportedGroups(int... values) {
            return extension(10, u16List(values));
        }

        private static byte[] u16List(int[] values) {
            Bytes b = bytes().u16(2 * values.length);
            for (int v : values) {
                b.u16(v);
            }
            return b.toArray();
        }

        /** The ClientHello body (after the handshake header). */
        public byte[] body() {
            Bytes b = bytes().u16(legacyVersion);
            for (int i = 0; i < 32; i++) {
                b.u8(i); // random
            }
            b.u8(sessionId.length).bytes(sessionId).u16(2 * cipherSuites.length);
            for (int c : cipherSuites) {
                b.u16(c);
            }
            b.u8(compression.length).bytes(compression);
            byte[] ext = extensions.toArray();
            return b.u16(extensionsLength != null ? extensionsLength : ext.length).bytes(ext).toArray();
        }

        /** The whole TLS record: content type 22, record version, length, handshake type 1, u24 length, body. */
        public byte[] build() {
            byte[] body = body();
            return bytes().u8(22).u16(recordVersion).u16(4 + body.length).u8(1).u24(body.length).bytes(body)
                    .toArray();
        }
    }

    // ---- running the decoder ----

    public static Packet packet(int linkType, byte[] bytes) {
        return Packet.of(linkType, 0, bytes);
    }

    public static PacketLayers decode(int linkType, byte[] bytes) {
        return PacketDecoder.decode(packet(linkType, bytes), new PacketLayers());
    }

    /**
     * A packet whose bytes start {@code offset} bytes into a larger buffer, as readers hand them out; the
     * buffer ends where the packet does, so any read past the capture fails.
     */
    public static Packet packetAt(int linkType, byte[] bytes, int offset, int originalLength) {
        byte[] buffer = new byte[offset + bytes.length];
        Arrays.fill(buffer, 0, offset, (byte) 0x5A);
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
        Packet p = new Packet();
        p.set(7, 0, linkType, 0, 0, MemorySegment.ofArray(buffer), offset, bytes.length, originalLength);
        return p;
    }
}
