package org.unveil.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The near end of HTTP transfers on one keep-alive connection: a seeded list of requests (downloads, uploads with
 * a Content-Length or chunked, a refused request last), each answered before the next is sent, paced so a test
 * can act in the middle of a head or a body; every body checked by its SHA-256 against the seed.
 */
final class HttpTransferClient {
    /** What a request does. */
    enum Kind {
        DOWNLOAD, UPLOAD, CHUNKED_UPLOAD, REFUSED
    }

    /** One request: its kind, the seed of its body's bytes, their length. */
    record Step(Kind kind, long seed, long length) {
        long bytes() {
            return length + 100;
        }
    }

    /** The response the proxy owes a refused DELETE (ProxyProcess.HTTP_RULES: 403), byte for byte. */
    static final String REFUSAL_BODY = "refused by the proxy: method DELETE is refused\n";
    static final String REFUSAL = "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: " + REFUSAL_BODY.length() + "\r\nConnection: close\r\n\r\n" + REFUSAL_BODY;

    /** Bytes sent and received so far (heads and bodies). */
    final AtomicLong moved = new AtomicLong();
    /** Requests answered so far. */
    final AtomicLong answered = new AtomicLong();

    /** A seeded plan: two downloads around a fixed and a chunked upload and a small GET, the refused one last. */
    static List<Step> plan(long seedBase, SplittableRandom random) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Kind.DOWNLOAD, seedBase + 1, random.nextLong(1 << 20, 4 << 20)));
        steps.add(new Step(Kind.UPLOAD, seedBase + 2, random.nextLong(512 << 10, 3 << 20)));
        steps.add(new Step(Kind.DOWNLOAD, seedBase + 3, random.nextLong(1, 64 << 10)));
        steps.add(new Step(Kind.CHUNKED_UPLOAD, seedBase + 4, random.nextLong(512 << 10, 3 << 20)));
        steps.add(new Step(Kind.DOWNLOAD, seedBase + 5, random.nextLong(1 << 20, 4 << 20)));
        steps.add(new Step(Kind.REFUSED, seedBase + 6, 0));
        return steps;
    }

    /** Runs the plan; null when every body arrived whole and the refusal came as configured, else what went wrong. */
    String run(SocketChannel s, List<Step> steps, long bytesPerSecond) {
        long start = System.nanoTime();
        try (s) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(s), 16384);
            OutputStream out = Channels.newOutputStream(s);
            SplittableRandom chunks = new SplittableRandom(steps.getFirst().seed());
            for (Step step : steps) {
                String head = switch (step.kind()) {
                    case DOWNLOAD -> "GET /down/" + step.seed() + "/" + step.length() + " HTTP/1.1\r\nHost: t\r\n"
                            + "X-Secret: " + step.seed() + "\r\n\r\n";
                    case UPLOAD -> "PUT /up/" + step.seed() + " HTTP/1.1\r\nHost: t\r\nContent-Length: " + step.length()
                            + "\r\n\r\n";
                    case CHUNKED_UPLOAD -> "POST /up/" + step.seed() + " HTTP/1.1\r\nHost: t\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n";
                    case REFUSED -> "DELETE /up/" + step.seed() + " HTTP/1.1\r\nHost: t\r\n\r\n";
                };
                // the head in two writes, so a kill can fall between them
                byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
                int half = headBytes.length / 2;
                out.write(headBytes, 0, half);
                out.flush();
                Thread.sleep(1);
                out.write(headBytes, half, headBytes.length - half);
                moved.addAndGet(headBytes.length);
                if (step.kind() == Kind.UPLOAD || step.kind() == Kind.CHUNKED_UPLOAD) {
                    upload(out, step, step.kind() == Kind.CHUNKED_UPLOAD ? chunks : null, bytesPerSecond, start);
                }
                String problem = step.kind() == Kind.REFUSED ? refusal(in) : response(in, step, bytesPerSecond, start);
                if (problem != null) {
                    return "request " + steps.indexOf(step) + " (" + step.kind() + "): " + problem;
                }
                answered.incrementAndGet();
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return "after " + answered.get() + " answers: " + e;
        }
    }

    private void upload(OutputStream out, Step step, SplittableRandom chunks, long rate, long start)
            throws IOException, InterruptedException {
        SeededBytes bytes = new SeededBytes(step.seed(), step.length());
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        while (bytes.next(b)) {
            while (b.hasRemaining()) {
                int n = chunks == null ? Math.min(b.remaining(), 16384) : Math.min(b.remaining(), chunks.nextInt(1, 20000));
                if (chunks != null) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(b.array(), b.position(), n);
                if (chunks != null) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                b.position(b.position() + n);
                pace(moved.addAndGet(n), rate, start);
            }
        }
        if (chunks != null) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    private static void pace(long moved, long rate, long start) throws InterruptedException {
        long wait = start + moved * 1_000_000_000L / rate - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** A 200 response: its body, by Content-Length, is the seeded download or the upload's digest. */
    private String response(InputStream in, Step step, long rate, long start) throws IOException, InterruptedException {
        String head = head(in);
        if (head == null) {
            return "the connection ended before a response";
        }
        if (!head.startsWith("HTTP/1.1 200 ")) {
            return "status " + head.lines().findFirst().orElse("");
        }
        long length = -1;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        MessageDigest sha = SeededBytes.sha256();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        for (long left = length; left > 0;) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return "the body ended " + left + " bytes short of " + length;
            }
            sha.update(buffer, 0, n);
            if (step.kind() != Kind.DOWNLOAD) {
                body.write(buffer, 0, n);
            }
            left -= n;
            pace(moved.addAndGet(n), rate, start);
        }
        String expected = SeededBytes.digest(step.seed(), step.length());
        if (step.kind() == Kind.DOWNLOAD) {
            String got = HexFormat.of().formatHex(sha.digest());
            return length == step.length() && got.equals(expected) ? null
                    : "download of " + step.length() + " bytes arrived as " + length + " different bytes";
        }
        String got = body.toString(StandardCharsets.US_ASCII);
        return got.equals(expected) ? null : "the server read the upload of " + step.length() + " as " + got;
    }

    /** The refusal, whole and exact, then the end of the connection (not a reset). */
    private String refusal(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        moved.addAndGet(all.length);
        String got = new String(all, StandardCharsets.UTF_8);
        return got.equals(REFUSAL) ? null : "the refused request got " + got.replace("\r\n", "|");
    }

    /** A response head up to its empty line, or null at the end of the stream. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0;) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
            if (head.size() > 65536) {
                throw new IOException("a response head longer than 64 KiB");
            }
        }
        return null;
    }
}
