package org.unveil.proxy;

import org.unveil.proxy.http.HttpFilter;
import org.unveil.proxy.sys.Endpoint;

/** A client's connection and the proxy's connection to its destination, with a pipe each way. */
final class Connection {
    final int slot;
    final long id;
    final int clientFd;
    final int serverFd;
    final Endpoint client;
    final Endpoint destination;
    final Pipe up;
    final Pipe down;
    final HttpFilter filter;
    /**
     * HTTP mode: the client's bytes as read, kept from the filter's last committed snapshot on ({@code written}
     * is that snapshot's client offset), so a standby can feed them again to a filter rebuilt there.
     */
    Pipe raw;
    /** HTTP mode: the filter snapshot last committed to the state file. */
    HttpFilter.Snapshot committedFilter = HttpFilter.Snapshot.START;
    boolean connecting;
    boolean responseQueued;
    long headSinceNanos;
    boolean closed;
    /** Replication to a backup node: whether it knows this connection, and how far it was told. */
    boolean replicated;
    long replicatedUp;
    long replicatedDown;
    long replicatedRaw;
    HttpFilter.Snapshot sentFilter;
    /**
     * On a backup node that restored it: where each destination's stream resumed, the bytes put back in each
     * socket's send queue from there, and the replica it was restored from (its sockets' first samples), so it
     * can be replicated onward; a restored socket's tcp_info counts start at the restore.
     */
    long serverResumedAt;
    long clientResumedAt;
    byte[] resumedToServer;
    byte[] resumedToClient;
    Replica restoredFrom;
    /** Replicated onward after a restore: acknowledged counts are offset by where each stream resumed. */
    boolean restoredSockets;
    /** HTTP mode: the client's FIN was read. */
    boolean clientEnded;
    long sentUpAcked = -1;
    long sentDownAcked = -1;
    int sentFlags = -1;
    /** When the relay finished with it while its peers still lacked bytes (see Relay's lingering). */
    long lingerSince;

    Connection(int slot, long id, int clientFd, int serverFd, Endpoint client, Endpoint destination, Pipe up,
            Pipe down, HttpFilter filter) {
        this.slot = slot;
        this.id = id;
        this.clientFd = clientFd;
        this.serverFd = serverFd;
        this.client = client;
        this.destination = destination;
        this.up = up;
        this.down = down;
        this.filter = filter;
    }

    /** Both FINs sent on: nothing is left to relay. */
    boolean finished() {
        return up.destinationShut && down.destinationShut;
    }

    String name() {
        return client + " -> " + destination;
    }
}
