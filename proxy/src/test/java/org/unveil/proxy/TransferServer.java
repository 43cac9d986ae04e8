package org.unveil.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The far end of a transfer: reads a 16-byte header (seed, download length), sends the seeded download while
 * it reads the upload to its end, records the upload's SHA-256 under the seed, then closes.
 */
final class TransferServer implements AutoCloseable {
    final ServerSocketChannel channel;
    final Map<Long, String> uploads = new ConcurrentHashMap<>();
    final Map<Long, Long> uploadBytes = new ConcurrentHashMap<>();
    /** Upload bytes read so far, by seed, while a transfer runs. */
    final Map<Long, java.util.concurrent.atomic.AtomicLong> uploadProgress = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private final java.util.Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    TransferServer(ServerSocketChannel channel) {
        this.channel = channel;
        this.acceptor = Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    static TransferServer on(InetSocketAddress at) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(at, 256);
        return new TransferServer(channel);
    }

    /** The upload's digest once the server has read it to its end (the download may end first); null after 10 s. */
    String awaitUpload(long seed) throws InterruptedException {
        for (int i = 0; i < 1000 && !uploads.containsKey(seed); i++) {
            Thread.sleep(10);
        }
        return uploads.get(seed);
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    private void acceptLoop() {
        while (channel.isOpen()) {
            try {
                SocketChannel s = channel.accept();
                open.add(s);
                Thread.ofPlatform().daemon().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel s) {
        try (s) {
            ByteBuffer header = ByteBuffer.allocate(16);
            while (header.hasRemaining()) {
                if (s.read(header) < 0) {
                    return;
                }
            }
            long seed = header.getLong(0);
            long download = header.getLong(8);
            Thread sender = Thread.ofPlatform().daemon().start(() -> {
                try {
                    SeededBytes bytes = new SeededBytes(seed, download);
                    ByteBuffer out = ByteBuffer.allocate(1 << 16);
                    while (bytes.next(out)) {
                        while (out.hasRemaining()) {
                            s.write(out);
                        }
                    }
                    s.shutdownOutput();
                } catch (IOException e) {
                    // the reader side records the failure as a missing digest
                }
            });
            MessageDigest sha = SeededBytes.sha256();
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            long total = 0;
            java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
            uploadProgress.put(seed, progress);
            for (int n; (n = s.read(in.clear())) >= 0;) {
                sha.update(in.flip());
                total += n;
                progress.set(total);
            }
            sender.join();
            uploadBytes.put(seed, total);
            uploads.put(seed, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | InterruptedException e) {
            // a transfer cut short shows as a missing or wrong digest in the test
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        for (SocketChannel s : open) {
            s.close(); // a transfer a test gave up on: its threads end with it
        }
        acceptor.interrupt();
    }
}
