package org.unveil.proxy;

import org.unveil.proxy.http.HttpFilter;
import org.unveil.proxy.sys.Endpoint;
import org.unveil.proxy.sys.TcpRepair;

/**
 * A connection as the backup node knows it: its three addresses (the client, the destination the client meant,
 * the active node's own end towards it), what TCP_REPAIR needs of each socket, and both directions' bytes.
 */
final class Replica {
    final long id;
    final Endpoint client;
    /** The client's socket's own end: the original destination under TPROXY, else the proxy's address. */
    final Endpoint clientLocal;
    final Endpoint destination;
    final Endpoint local;
    /** On the active node's clock as received; on this node's once {@link #continueClocksOn} ran. */
    TcpRepair.Sample clientSide;
    TcpRepair.Sample serverSide;
    /** Client to server, and server to client. */
    final ReplicaStream up = new ReplicaStream();
    final ReplicaStream down = new ReplicaStream();
    /** HTTP mode: the client's bytes as the active node read them, from its filter's last snapshot on. */
    final ReplicaStream raw = new ReplicaStream();
    HttpFilter.Snapshot filter = HttpFilter.Snapshot.START;
    int flags;

    Replica(long id, Endpoint client, Endpoint clientLocal, Endpoint destination, Endpoint local, TcpRepair.Sample clientSide,
            TcpRepair.Sample serverSide) {
        this.id = id;
        this.client = client;
        this.clientLocal = clientLocal;
        this.destination = destination;
        this.local = local;
        this.clientSide = clientSide;
        this.serverSide = serverSide;
    }

    /** Re-expresses both sockets' timestamp clocks on this node's monotonic clock, before they are restored. */
    void continueClocksOn(ClockLag lag) {
        clientSide = clientSide.onClockBehind(lag.millis());
        serverSide = serverSide.onClockBehind(lag.millis());
    }

    String name() {
        return client + " -> " + destination;
    }
}
