package org.unveil.glob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.function.Consumer;

/**
 * The control network over UDP: one datagram a message, to each peer's address (a broadcast is one
 * datagram to each peer). Non-blocking; the caller drains {@link #receive} from its own loop.
 */
public final class UdpTransport implements Transport, AutoCloseable {
    private final int self;
    private final List<InetSocketAddress> peers;
    private final DatagramChannel channel;
    private final ByteBuffer out = ByteBuffer.allocate(MessageCodec.MAX_BYTES);
    private final ByteBuffer in = ByteBuffer.allocate(MessageCodec.MAX_BYTES);
    private long sent;
    private long malformed;

    /** Node {@code self} of the cluster whose node {@code i} listens on {@code peers.get(i)}. */
    public UdpTransport(int self, List<InetSocketAddress> peers) throws IOException {
        this(self, DatagramChannel.open(StandardProtocolFamily.INET).bind(peers.get(self)), peers);
    }

    /** As above on a channel already bound (to an ephemeral port, say). */
    public UdpTransport(int self, DatagramChannel bound, List<InetSocketAddress> peers) throws IOException {
        this.self = self;
        this.peers = List.copyOf(peers);
        this.channel = bound;
        channel.configureBlocking(false);
    }

    public DatagramChannel channel() {
        return channel;
    }

    @Override
    public void send(int to, Message message) {
        out.clear();
        MessageCodec.encode(message, out);
        out.flip();
        try {
            channel.send(out, peers.get(to));
            sent++;
        } catch (IOException e) {
            // a peer whose link is down: the datagram is lost, which the protocol tolerates
        }
    }

    @Override
    public void broadcast(Message message) {
        for (int node = 0; node < peers.size(); node++) {
            if (node != self) {
                send(node, message);
            }
        }
    }

    /** Hands every datagram waiting now to {@code sink}; returns how many. Malformed ones are counted, not passed. */
    public int receive(Consumer<Message> sink) {
        int n = 0;
        try {
            while (true) {
                in.clear();
                if (channel.receive(in) == null) {
                    return n;
                }
                in.flip();
                try {
                    sink.accept(MessageCodec.decode(in));
                    n++;
                } catch (IllegalArgumentException e) {
                    malformed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long sent() {
        return sent;
    }

    public long malformed() {
        return malformed;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
