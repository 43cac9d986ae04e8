package org.unveil.balance.traffic;

import java.io.IOException;
import org.unveil.balance.SimPacket;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.DecodeStatistics;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.FlowTable;

/**
 * Packets of a real capture as the cluster would see them: IPv4 TCP/UDP/ICMP packets with their wire
 * length, numbered into connections by the capture module's flow table. The internal side is the private
 * address, else the client. A TCP connection's last packet is its first FIN or RST (a capture, unlike a
 * flow log, does not say when a connection is over).
 */
public final class CaptureTraffic implements TrafficSource {
    private final CaptureReader reader;
    private final Packet packet = new Packet();
    private final PacketLayers layers = new PacketLayers();
    private final FlowTable flows = new FlowTable();
    private final DecodeStatistics decoded = new DecodeStatistics();
    private boolean[] clientInternal = new boolean[1024];
    private boolean[] ended = new boolean[1024];

    public CaptureTraffic(CaptureReader reader) {
        this.reader = reader;
    }

    @Override
    public boolean next(SimPacket p) throws IOException {
        while (reader.next(packet)) {
            PacketDecoder.decode(packet, layers);
            decoded.add(layers);
            if (layers.ipVersion() != 4) {
                // the simulator models IPv4 clusters, as the thesis did; the rest is counted, not lost silently
                decoded.unused("not IPv4 (the lab models IPv4 clusters, as the thesis did)");
                continue;
            }
            int before = flows.size();
            int flow = flows.flowOf(layers);
            boolean isNew = flows.size() > before;
            if (isNew) {
                grow(flow);
                FlowKey key = flows.key(flow);
                long client = address(flows.clientIsA(flow) ? key.addressALow() : key.addressBLow());
                long server = address(flows.clientIsA(flow) ? key.addressBLow() : key.addressALow());
                clientInternal[flow] = InternalNetwork.clientIsInternal(client, server);
            }
            boolean fromClient = flows.lastSenderIsClient();
            long src = Integer.toUnsignedLong(layers.ipv4().source());
            long dst = Integer.toUnsignedLong(layers.ipv4().destination());
            int sport = layers.hasTcp() ? layers.tcp().sourcePort() : layers.hasUdp() ? layers.udp().sourcePort() : 0;
            int dport = layers.hasTcp() ? layers.tcp().destinationPort()
                    : layers.hasUdp() ? layers.udp().destinationPort() : 0;
            boolean outbound = fromClient == clientInternal[flow];
            p.timeNanos = packet.timestampNanos();
            p.bytes = packet.originalLength();
            p.protocol = layers.protocol();
            p.outbound = outbound;
            p.internalAddress = outbound ? src : dst;
            p.internalPort = outbound ? sport : dport;
            p.externalAddress = outbound ? dst : src;
            p.externalPort = outbound ? dport : sport;
            p.connection = flow;
            p.firstOfConnection = isNew;
            boolean closing = layers.hasTcp() && layers.tcp().has(TcpHeader.FIN | TcpHeader.RST);
            p.lastOfConnection = closing && !ended[flow];
            ended[flow] |= closing;
            return true;
        }
        return false;
    }

    /** What decoding skipped so far, and the packets left out for not being IPv4. */
    public DecodeStatistics statistics() {
        return decoded;
    }

    private static long address(long ipv4Mapped) {
        return ipv4Mapped & 0xFFFF_FFFFL;
    }

    private void grow(int flow) {
        if (flow >= clientInternal.length) {
            clientInternal = java.util.Arrays.copyOf(clientInternal, clientInternal.length * 2);
            ended = java.util.Arrays.copyOf(ended, ended.length * 2);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
