package org.unveil.synth.traffic;

/** A conversation as the label CSV sees it: the public-side 5-tuple, client → server, and the true host. */
abstract class Flow extends Event {
    final int proto;
    final Endpoint host;
    final Server server;
    final int serverPort;
    /** The host's own source port, chosen when the flow sends its first packet. */
    int insidePort;
    /** The client address and port the capture shows (the NAT's, or the host's own without NAT). */
    int publicAddress;
    int publicPort;
    /** Set once the flow's first packet is written and its label with it. */
    boolean labelled;

    Flow(int proto, Endpoint host, Server server, int serverPort) {
        this.proto = proto;
        this.host = host;
        this.server = server;
        this.serverPort = serverPort;
    }
}
