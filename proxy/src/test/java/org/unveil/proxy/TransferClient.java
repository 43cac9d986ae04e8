package org.unveil.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The near end of a transfer: sends the header and a seeded upload (then half-closes) while it reads the
 * download to its end; optionally paced, so a test can act in the middle of it.
 */
final class TransferClient {
    /** What one transfer saw. */
    record Result(long seed, String downloadDigest, long downloaded, String error) {
    }

    final AtomicLong received = new AtomicLong();

    Result run(SocketChannel s, long seed, long upload, long download, long bytesPerSecond) {
        return run(s, seed, upload, download, bytesPerSecond, 0);
    }

    /** As {@link #run(SocketChannel, long, long, long, long)}, the upload paced too when {@code uploadPerSecond > 0}. */
    Result run(SocketChannel s, long seed, long upload, long download, long bytesPerSecond, long uploadPerSecond) {
        try (s) {
            ByteBuffer header = ByteBuffer.allocate(16).putLong(seed).putLong(download).flip();
            while (header.hasRemaining()) {
                s.write(header);
            }
            Thread sender = Thread.ofPlatform().daemon().start(() -> {
                try {
                    SeededBytes bytes = new SeededBytes(seed ^ 0x5555, upload);
                    ByteBuffer out = ByteBuffer.allocate(uploadPerSecond > 0 ? 16384 : 1 << 16);
                    long sent = 0;
                    long began = System.nanoTime();
                    while (bytes.next(out)) {
                        while (out.hasRemaining()) {
                            sent += s.write(out);
                        }
                        if (uploadPerSecond > 0) {
                            long wait = began + sent * 1_000_000_000L / uploadPerSecond - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        }
                    }
                    s.shutdownOutput();
                } catch (IOException | InterruptedException e) {
                    // shows as a wrong upload digest at the server
                }
            });
            MessageDigest sha = SeededBytes.sha256();
            ByteBuffer in = ByteBuffer.allocate(bytesPerSecond > 0 ? 16384 : 1 << 16);
            long total = 0;
            long start = System.nanoTime();
            for (int n; (n = s.read(in.clear())) >= 0;) {
                sha.update(in.flip());
                total += n;
                received.set(total);
                if (bytesPerSecond > 0) {
                    long due = start + total * 1_000_000_000L / bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            sender.join();
            return new Result(seed, HexFormat.of().formatHex(sha.digest()), total, null);
        } catch (IOException | InterruptedException e) {
            return new Result(seed, null, received.get(), String.valueOf(e.getMessage()));
        }
    }

    static Result connectAndRun(InetSocketAddress to, long seed, long upload, long download) throws IOException {
        return new TransferClient().run(SocketChannel.open(to), seed, upload, download, 0);
    }
}
