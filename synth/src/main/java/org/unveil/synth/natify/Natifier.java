package org.unveil.synth.natify;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.unveil.capture.CaptureException;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.InternetChecksum;
import org.unveil.capture.decode.Ipv4Header;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.pcap.PcapReader;
import org.unveil.capture.pcap.PcapWriter;
import org.unveil.labels.LabelCsv;
import org.unveil.labels.NatLabel;
import org.unveil.synth.model.Ipv4;

/**
 * Turns a capture of several hosts into the capture of one NAT: the chosen inside addresses become one public
 * address in every IPv4 packet (as source going out, as destination coming back), each flow's port kept where
 * that leaves public flows distinct or remapped, checksums fixed, and one label row per public flow naming the
 * inside host. Other packets are written unchanged; timestamps and link type are kept.
 */
public final class Natifier {
    private static final int LOWEST_PORT = 1024;

    /** What a run changed. */
    public record Result(long packets, long rewritten, long flows, long between) {
    }

    private final OutputStream out;
    private final Writer labels;
    private final int publicAddress;
    private final int[] inside;
    private final boolean remap;
    private final SplittableRandom rng;
    /** (inside address, remote address) × (proto, inside port, remote port) → public port. */
    private final FlowPortTable flows = new FlowPortTable();
    /** (remote address) × (proto, public port, remote port) → taken, so no two inside flows share a public one. */
    private final FlowPortTable taken = new FlowPortTable();
    private final Packet rewrittenPacket = new Packet();
    private byte[] work = new byte[PcapReader.STANDARD_MAX_PACKET];
    private MemorySegment workSegment = MemorySegment.ofArray(work);
    private PcapWriter pcap;
    private String source = "";
    private long packets;
    private long rewritten;
    private long between;

    /**
     * @param inside the addresses to hide (ints in network order)
     * @param remapPorts give every flow a random public port (else keep the inside port when it is free)
     * @param seed for the random ports
     */
    public Natifier(OutputStream out, Writer labels, int publicAddress, int[] inside, boolean remapPorts, long seed)
            throws IOException {
        this.out = out;
        this.labels = labels;
        this.publicAddress = publicAddress;
        this.inside = inside.clone();
        java.util.Arrays.sort(this.inside);
        this.remap = remapPorts;
        this.rng = new SplittableRandom(seed);
        LabelCsv.writeNatHeader(labels);
    }

    /** The name of the capture being read, for messages. */
    public void source(String name) {
        this.source = name;
    }

    /** Rewrites (or copies) one decoded packet to the output. */
    public void accept(Packet packet, PacketLayers layers) throws IOException {
        if (pcap == null) {
            pcap = new PcapWriter(out, packet.linkType(), PcapReader.STANDARD_MAX_PACKET);
        } else if (packet.linkType() != pcap.linkType()) {
            throw new CaptureException(source, packet.fileOffset(), "packet " + packet.number() + " has link type "
                    + packet.linkType() + " after " + pcap.linkType() + ", and a pcap file holds only one");
        }
        packets++;
        if (layers.ipVersion() != 4) {
            pcap.write(packet);
            return;
        }
        Ipv4Header ip = layers.ipv4();
        boolean outgoing = isInside(ip.source());
        boolean incoming = isInside(ip.destination());
        if (outgoing == incoming) {
            between += outgoing ? 1 : 0; // inside to inside never crosses the NAT
            pcap.write(packet);
            return;
        }
        rewrite(packet, layers, outgoing);
    }

    private void rewrite(Packet packet, PacketLayers layers, boolean outgoing) throws IOException {
        int length = packet.capturedLength();
        if (length > work.length) {
            work = new byte[length];
            workSegment = MemorySegment.ofArray(work);
        }
        MemorySegment.copy(packet.buffer(), ValueLayout.JAVA_BYTE, packet.offset(), work, 0, length);
        Ipv4Header ip = layers.ipv4();
        int ipAt = (int) (ip.offset() - packet.offset());
        int l4At = ipAt + ip.headerLength();
        int proto = ip.protocol();
        boolean ports = layers.hasTcp() || layers.hasUdp();
        int sport = ports ? get16(l4At) : 0;
        int dport = ports ? get16(l4At + 2) : 0;
        int insideAddress = outgoing ? ip.source() : ip.destination();
        int remote = outgoing ? ip.destination() : ip.source();
        int insidePort = outgoing ? sport : dport;
        int remotePort = outgoing ? dport : sport;
        long a = (long) insideAddress << 32 | Integer.toUnsignedLong(remote);
        long b = (long) proto << 32 | (long) insidePort << 16 | remotePort;
        int publicPort = flows.get(a, b);
        if (publicPort == FlowPortTable.ABSENT) {
            publicPort = ports ? choosePort(proto, insidePort, remote, remotePort) : 0;
            flows.put(a, b, publicPort);
            label(packet, layers, outgoing, proto, insideAddress, remote, publicPort, remotePort);
        }
        int addressAt = ipAt + (outgoing ? 12 : 16);
        int portAt = l4At + (outgoing ? 0 : 2);
        int checksumAt = layers.hasTcp() ? l4At + 16 : l4At + 6;
        boolean fixL4 = ports && checksumAt + 2 <= length && (layers.hasTcp() || get16(checksumAt) != 0);
        int checksum = fixL4 ? get16(checksumAt) : 0;
        checksum = replace(addressAt, publicAddress >>> 16, checksum, fixL4);
        checksum = replace(addressAt + 2, publicAddress & 0xFFFF, checksum, fixL4);
        if (ports) {
            checksum = replace(portAt, publicPort, checksum, fixL4);
        }
        if (fixL4) {
            put16(checksumAt, checksum == 0 && layers.hasUdp() ? 0xFFFF : checksum);
        }
        put16(ipAt + 10, 0);
        put16(ipAt + 10, InternetChecksum.finish(InternetChecksum.sum(work, ipAt, ip.headerLength())));
        rewrittenPacket.set(packet.number(), packet.timestampNanos(), packet.linkType(), packet.interfaceId(),
                packet.fileOffset(), workSegment, 0, length, packet.originalLength());
        pcap.write(rewrittenPacket);
        rewritten++;
    }

    /** Replaces the 16-bit word at {@code at}, carrying the change into a transport checksum (RFC 1624). */
    private int replace(int at, int word, int checksum, boolean fix) {
        int old = get16(at);
        put16(at, word);
        return fix ? InternetChecksum.update(checksum, old, word) : checksum;
    }

    /** A preserving NAT keeps the inside port unless that public flow is taken; a remapping one always draws. */
    private int choosePort(int proto, int insidePort, int remote, int remotePort) {
        int port = insidePort;
        if (remap || isTaken(proto, port, remote, remotePort)) {
            do {
                port = LOWEST_PORT + rng.nextInt(65536 - LOWEST_PORT);
            } while (isTaken(proto, port, remote, remotePort));
        }
        taken.put(remote, publicKey(proto, port, remotePort), 1);
        return port;
    }

    private boolean isTaken(int proto, int port, int remote, int remotePort) {
        return taken.get(remote, publicKey(proto, port, remotePort)) != FlowPortTable.ABSENT;
    }

    private static long publicKey(int proto, int port, int remotePort) {
        return (long) proto << 32 | (long) port << 16 | remotePort;
    }

    /** The flow's row: client → server as the first packet shows it (a SYN-ACK first means the other way). */
    private void label(Packet packet, PacketLayers layers, boolean outgoing, int proto, int insideAddress,
            int remote, int publicPort, int remotePort) throws IOException {
        boolean synAck = layers.hasTcp() && layers.tcp().has(TcpHeader.SYN) && layers.tcp().has(TcpHeader.ACK);
        boolean insideIsClient = outgoing != synAck;
        NatLabel row = insideIsClient
                ? new NatLabel(packet.timestampNanos() / 1000, proto, Ipv4.inet(publicAddress), publicPort,
                        Ipv4.inet(remote), remotePort, Ipv4.inet(insideAddress))
                : new NatLabel(packet.timestampNanos() / 1000, proto, Ipv4.inet(remote), remotePort,
                        Ipv4.inet(publicAddress), publicPort, Ipv4.inet(insideAddress));
        LabelCsv.write(labels, row);
    }

    private boolean isInside(int address) {
        return java.util.Arrays.binarySearch(inside, address) >= 0;
    }

    private int get16(int at) {
        return (work[at] & 0xFF) << 8 | (work[at + 1] & 0xFF);
    }

    private void put16(int at, int value) {
        work[at] = (byte) (value >>> 8);
        work[at + 1] = (byte) value;
    }

    /** Closes the output capture (an empty one if no packet came) and flushes the labels. */
    public Result finish(int emptyLinkType) throws IOException {
        if (pcap == null) {
            pcap = new PcapWriter(out, emptyLinkType, PcapReader.STANDARD_MAX_PACKET);
        }
        pcap.close();
        labels.flush();
        return new Result(packets, rewritten, flows.size(), between);
    }
}
