package org.unveil.proxy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.unveil.proxy.http.HttpFilter;
import org.unveil.proxy.state.StateFile;
import org.unveil.proxy.sys.Endpoint;
import org.unveil.proxy.sys.Libc;
import org.unveil.proxy.sys.Sockets;

/** Runs a proxy: the active one (optionally passing its sockets to a standby), or a standby that takes over. */
public final class Proxy {
    private Proxy() {
    }

    /**
     * Listens and relays until {@code stop}; {@code ready} is told once the listener is up. With a standby
     * socket, every socket is passed to the standby listening there.
     */
    public static void runActive(ProxyConfig config, Path standbySocket, Consumer<String> log, Runnable ready,
            BooleanSupplier stop) throws IOException {
        runActive(config, standbySocket, null, log, ready, stop);
    }

    /**
     * As {@link #runActive(ProxyConfig, Path, Consumer, Runnable, BooleanSupplier)}, and with {@code backupNode}
     * replicates every connection to the backup node listening there.
     */
    public static void runActive(ProxyConfig config, Path standbySocket, Endpoint backupNode, Consumer<String> log,
            Runnable ready, BooleanSupplier stop) throws IOException {
        NodeLink node = backupNode == null ? null : new NodeLink(backupNode, log);
        try {
            runActiveWith(config, standbySocket, node, log, ready, stop);
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    /**
     * HTTP mode loads and compiles the filter's code before the first connection: on a loaded machine its first
     * use held the relay loop more than a second, long enough for a backup node to take the silence for the
     * node's death (2 of 10 runs of HttpNodeFailoverTest took over no connection), and a standby's take-over
     * waited for it (158-2,201 ms for three connections; 19-92 ms warmed up).
     */
    private static void warmUp(ProxyConfig config) {
        if (config.mode() == Mode.HTTP) {
            HttpFilter.warmUp(config.rules());
        }
    }

    private static void runActiveWith(ProxyConfig config, Path standbySocket, NodeLink node, Consumer<String> log,
            Runnable ready, BooleanSupplier stop) throws IOException {
        warmUp(config);
        int listener = Sockets.transparentListener(config.listen(), config.transparent());
        StandbyLink standby = null;
        try (StateFile state = StateFile.create(config.stateFile(), config.maxConnections(), config.ringBytes())) {
            if (standbySocket != null) {
                standby = new StandbyLink(Sockets.unixConnect(standbySocket), log);
                standby.listener(listener);
            }
            try (Relay relay = new Relay(config, state, listener, standby, log)) {
                if (node != null) {
                    relay.replicateTo(node);
                }
                ready.run();
                relay.run(stop);
            }
        } finally {
            if (standby != null) {
                standby.close();
            }
            Libc.close(listener);
        }
    }

    /**
     * The backup node: waits for the active node's replication link at {@code linkAt}, follows it, and when the
     * active node is gone takes over its connections with TCP_REPAIR (after {@code takeoverCommand}, which takes
     * the shared addresses) and relays until {@code stop}. With {@code copiesOn}, the active node's copies of the
     * segments it receives are read on that interface, so no byte it acknowledged is missing here.
     */
    public static void runBackup(ProxyConfig config, Endpoint linkAt, String copiesOn, String takeoverCommand,
            Consumer<String> log, Runnable ready, BooleanSupplier stop) throws IOException {
        runBackup(config, linkAt, copiesOn, takeoverCommand, null, log, ready, stop);
    }

    /**
     * As {@link #runBackup(ProxyConfig, Endpoint, String, String, Consumer, Runnable, BooleanSupplier)}; once it
     * has taken over, it replicates every connection onward to the backup node at {@code next} (when not null),
     * so a second node loss is survived too. A next node that cannot be reached is logged, and it runs on.
     */
    public static void runBackup(ProxyConfig config, Endpoint linkAt, String copiesOn, String takeoverCommand,
            Endpoint next, Consumer<String> log, Runnable ready, BooleanSupplier stop) throws IOException {
        warmUp(config);
        Relay relay;
        try {
            relay = new NodeBackup(config, linkAt, copiesOn, takeoverCommand, log).follow(ready);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while taking over");
        }
        NodeLink onward = null;
        try (relay) {
            if (next != null) {
                try {
                    onward = new NodeLink(next, log);
                    relay.replicateOnward(onward);
                    int n = relay.connectionCount();
                    log.accept("replicating " + n + " connection" + (n == 1 ? "" : "s") + " onward to " + next);
                } catch (IOException e) {
                    log.accept("cannot replicate onward, running without a backup: " + e.getMessage());
                }
            }
            relay.run(stop);
        } finally {
            if (onward != null) {
                onward.close();
            }
        }
    }

    /**
     * Waits at {@code socket} for an active proxy, holds its sockets, and when it dies takes over every
     * connection and its listener and relays until {@code stop}. {@code ready} is told once it listens.
     */
    public static void runStandby(ProxyConfig config, Path socket, Consumer<String> log, Runnable ready,
            BooleanSupplier stop) throws IOException {
        runStandby(config, socket, null, log, ready, stop);
    }

    /**
     * As {@link #runStandby(ProxyConfig, Path, Consumer, Runnable, BooleanSupplier)}; once it has taken over, it
     * passes every socket to the standby listening at {@code next} (when not null), which takes over in its turn
     * should this process die too. A next standby that cannot be reached is logged, and the proxy runs on.
     */
    public static void runStandby(ProxyConfig config, Path socket, Path next, Consumer<String> log, Runnable ready,
            BooleanSupplier stop) throws IOException {
        int listener = Sockets.unixListener(socket);
        warmUp(config);
        Standby standby = new Standby(config, log);
        int link;
        try {
            ready.run();
            link = Sockets.acceptBlocking(listener);
        } finally {
            Libc.close(listener);
        }
        if (!standby.hold(link)) {
            throw new IOException("the active proxy ended before passing its listening socket");
        }
        StandbyLink onward = null;
        try (Relay relay = standby.takeOver()) {
            if (next != null) {
                try {
                    onward = new StandbyLink(Sockets.unixConnect(next), log);
                    relay.passTo(onward);
                    int n = relay.connectionCount();
                    log.accept("passed " + n + " connection" + (n == 1 ? "" : "s") + " to the next standby at " + next);
                } catch (IOException e) {
                    log.accept("cannot reach the next standby at " + next + ", running without one: " + e.getMessage());
                }
            }
            relay.run(stop);
        } finally {
            if (onward != null) {
                onward.close();
            }
        }
    }
}
