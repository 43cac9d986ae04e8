package org.unveil.balance.traffic;

import java.util.Arrays;
import org.unveil.balance.SimPacket;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.DecodeStatistics;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.FlowTable;
import org.unveil.capture.pipeline.PacketSink;

/**
 * Packets of a real capture as the cluster would see them, for a capture pipeline to push through: IPv4
 * TCP/UDP/ICMP packets with their wire length, numbered into connections by the capture module's flow table,
 * each handed on to a {@link TrafficSink} (a simulator run). The internal side is the private address, else the
 * client. A TCP connection's last packet is its first FIN or RST (a capture, unlike a flow log, does not say when
 * a connection is over). One instance reads one capture once, on one thread, from its start.
 */
public final class CaptureTraffic implements PacketSink {
    private final TrafficSink into;
    private final SimPacket p = new SimPacket();
    private final FlowTable flows = new FlowTable();
    private final DecodeStatistics leftOut = new DecodeStatistics();
    private boolean[] clientInternal = new boolean[1024];
    private boolean[] ended = new boolean[1024];

    public CaptureTraffic(TrafficSink into) {
        this.into = into;
    }

    @Override
    public void add(Packet packet, PacketLayers layers) {
        if (layers.ipVersion() != 4) {
            // the simulator models IPv4 clusters, as the thesis did; the rest is counted, not lost silently
            leftOut.unused("not IPv4 (the lab models IPv4 clusters, as the thesis did)");
            return;
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
        into.add(p);
    }

    /** The packets left out for not being IPv4, for the pipeline's decode note. */
    @Override
    public void unusedInto(DecodeStatistics statistics) {
        statistics.merge(leftOut);
    }

    private static long address(long ipv4Mapped) {
        return ipv4Mapped & 0xFFFF_FFFFL;
    }

    private void grow(int flow) {
        if (flow >= clientInternal.length) {
            clientInternal = Arrays.copyOf(clientInternal, clientInternal.length * 2);
            ended = Arrays.copyOf(ended, ended.length * 2);
        }
    }
}
