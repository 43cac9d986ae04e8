package org.unveil.bench;

import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.stack.Rng;

/**
 * One exchange between a client and a server (a TCP connection, a DNS lookup, a ping) that the mix
 * interleaves with others. Instances are reused: {@link #bind} starts a new exchange in an old object,
 * so the generator allocates nothing per flow.
 */
abstract class Flow {
    protected final Rng rng;
    protected Host client;
    protected Host server;
    protected boolean v6;
    protected int vlan;
    protected int clientPort;
    protected int serverPort;
    /** The connection's own IPID counters, client's then server's, for stacks that keep one per connection. */
    private final int[] ipIds = new int[2];
    private int clientFlowLabel;
    private int serverFlowLabel;
    /** Whether the packet written last was the client's. */
    private boolean lastFromClient;

    protected Flow(Rng rng) {
        this.rng = rng;
    }

    /** Starts a new exchange between two hosts; the client's VLAN tags both directions. */
    void bind(Host client, Host server, boolean v6, int clientPort, int serverPort) {
        this.client = client;
        this.server = server;
        this.v6 = v6;
        this.vlan = client.vlan;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.ipIds[0] = rng.nextInt(65536);
        this.ipIds[1] = rng.nextInt(65536);
        this.clientFlowLabel = rng.nextInt(1 << 20);
        this.serverFlowLabel = rng.nextInt(1 << 20);
    }

    /**
     * Writes the flow's next packet into {@code w}.
     *
     * @param elapsedNanos time since the capture began, for the hosts' clocks
     * @return false when that was the flow's last packet
     */
    abstract boolean emit(FrameWriter w, long elapsedNanos);

    /** Writes link and network headers for a packet from one side; returns the transport header's offset. */
    protected int open(FrameWriter w, boolean fromClient, int protocol, boolean dontFragment) {
        lastFromClient = fromClient;
        Host source = fromClient ? client : server;
        Host destination = fromClient ? server : client;
        int l4 = w.ethernet(destination.mac, source.mac, vlan, v6);
        if (v6) {
            w.ipv6(source.ipv6High, source.ipv6Low, destination.ipv6High, destination.ipv6Low, source.ttl,
                    fromClient ? clientFlowLabel : serverFlowLabel, protocol);
        } else {
            w.ipv4(source.ipv4, destination.ipv4, source.ttl, source.ipids.next(source.os.ipid, 0, ipIds,
                    fromClient ? 0 : 1, rng), protocol, dontFragment);
        }
        return l4;
    }

    /** Whether the packet {@link #emit} wrote last was sent by the client. */
    boolean lastFromClient() {
        return lastFromClient;
    }
}
