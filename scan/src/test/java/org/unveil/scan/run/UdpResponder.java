package org.unveil.scan.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * The lab's UDP service: answers every datagram on ADDRESS:PORT with "pong", one thread, no process per datagram
 * (socat forking a shell left answers unsent under load). Prints "ready" once bound; runs until killed.
 */
public final class UdpResponder {
    private UdpResponder() {
    }

    /** {@code ADDRESS PORT}. */
    public static void main(String[] args) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
            channel.bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])));
            ByteBuffer in = ByteBuffer.allocate(65536);
            ByteBuffer pong = ByteBuffer.wrap("pong\n".getBytes(StandardCharsets.US_ASCII));
            System.out.println("ready");
            System.out.flush();
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                pong.rewind();
                channel.send(pong, from);
            }
        }
    }
}
