package org.unveil.synth.traffic;

import org.unveil.generator.app.DnsWriter;
import org.unveil.generator.frame.FrameWriter;

/** A host asks the resolver for a server's address and gets one answer: two UDP packets. */
final class DnsExchange extends Flow {
    private static final long RETRY_NANOS = 1_000_000_000L;
    private static final int ANSWER_TTL = 300;
    private final Server target;
    private final int id;
    private final int[] ipid = new int[2];
    private boolean answered;

    DnsExchange(Endpoint host, Server resolver, Server target, int id, int[] ipidStarts) {
        super(FrameWriter.PROTO_UDP, host, resolver, 53);
        this.target = target;
        this.id = id;
        this.ipid[0] = ipidStarts[0];
        this.ipid[1] = ipidStarts[1];
    }

    @Override
    boolean fire(SyntheticCapture g) {
        FrameWriter f = g.frame;
        if (!answered) {
            g.clientIp(this, host.nextIpid(g.hostPeer(server), ipid, 0, g.rng), false, FrameWriter.PROTO_UDP);
            int length = 8 + DnsWriter.query(f.frame, FrameWriter.IPV4_UDP_PAYLOAD, id, target.dnsName);
            f.udp(FrameWriter.IPV4_L4, publicPort, serverPort, length);
            if (g.send(this, false, time, f.finish(length, FrameWriter.PROTO_UDP, 6))) {
                answered = true;
                time += SyntheticCapture.LAN_NANOS + server.halfRttNanos + 100_000;
            } else {
                time += RETRY_NANOS;
            }
            return true;
        }
        Endpoint resolver = server.endpoint;
        g.serverIp(this, resolver.nextIpid(g.serverPeer(this), ipid, 1, g.rng), false, FrameWriter.PROTO_UDP);
        int length = 8 + DnsWriter.answer(f.frame, FrameWriter.IPV4_UDP_PAYLOAD, id, target.dnsName,
                target.endpoint.address, ANSWER_TTL);
        f.udp(FrameWriter.IPV4_L4, serverPort, publicPort, length);
        g.send(this, true, time, f.finish(length, FrameWriter.PROTO_UDP, 6));
        g.release(this);
        return false;
    }
}
