package org.unveil.hosts;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.hosts.evidence.IpidTrack;
import org.unveil.hosts.evidence.SynSignature;

/**
 * One address's flows past the clustering budget, on disk in order of first packet: what attribution, the host
 * profiles and the outputs read of each (times, counts, TTL, SYN signature, IPID kind, User-Agent, TLS
 * fingerprint, server), not its counters and clocks, which only clustering reads. Read back flow by flow, so
 * memory does not grow with them. The file is deleted by {@link #delete} (and at exit, should the run end first).
 */
final class FlowSpill {
    private static final IpidTrack.Kind[] KINDS = IpidTrack.Kind.values();
    private final String client;
    final long clientHigh;
    final long clientLow;
    private final Texts texts;
    private final Path file;
    private DataOutputStream out;
    private Reader reader;
    private int count;

    FlowSpill(String client, long clientHigh, long clientLow, Texts texts) {
        this.client = client;
        this.clientHigh = clientHigh;
        this.clientLow = clientLow;
        this.texts = texts;
        try {
            file = Files.createTempFile("unveil-hosts-", ".flows");
            file.toFile().deleteOnExit();
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the flows past --memory to the temporary folder "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    String client() {
        return client;
    }

    /** Flows written. */
    int count() {
        return count;
    }

    void write(FlowEvidence f) throws IOException {
        out.writeInt(f.index);
        out.writeByte(f.protocol);
        out.writeChar(f.clientPort);
        texts.write(out, f.server);
        out.writeChar(f.serverPort);
        out.writeLong(f.firstNanos);
        out.writeLong(f.lastNanos);
        out.writeLong(f.packets);
        out.writeLong(f.bytes);
        out.writeShort(f.maxTtl);
        out.writeByte(f.ipidKind() == null ? -1 : f.ipidKind().ordinal());
        out.writeInt(f.ipidCount());
        SynSignature s = f.syn;
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeShort(s.initialTtl());
            out.writeInt(s.window());
            out.writeInt(s.mss());
            out.writeInt(s.windowScale());
            texts.write(out, s.layout());
            out.writeBoolean(s.dontFragment());
        }
        texts.write(out, f.userAgent);
        texts.write(out, f.tls);
        f.spilled = true;
        count++;
    }

    /** Ends writing: the flows can be read. */
    void finish() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** A reader of the flows in order, from the first. */
    Reader reader() throws IOException {
        finish();
        closeReader();
        reader = new Reader();
        return reader;
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    void delete() {
        try {
            finish();
            closeReader();
        } catch (IOException e) {
            // the file goes all the same
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // deleted at exit then
        }
    }

    /** Reads the flows back one by one; each call makes a new {@link FlowEvidence}. */
    final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private int read;

        private Reader() throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        }

        /** The number of the flow {@link #next} gives, from 0. */
        int position() {
            return read;
        }

        FlowEvidence next() throws IOException {
            if (read >= count) {
                throw new EOFException("past the last flow");
            }
            int index = in.readInt();
            int protocol = in.readUnsignedByte();
            int clientPort = in.readChar();
            String server = texts.read(in);
            int serverPort = in.readChar();
            FlowEvidence f = new FlowEvidence(index, protocol, client, clientHigh, clientLow, clientPort, server,
                    serverPort);
            f.firstNanos = in.readLong();
            f.lastNanos = in.readLong();
            f.packets = in.readLong();
            f.bytes = in.readLong();
            f.maxTtl = in.readShort();
            int kind = in.readByte();
            f.spilledIpid(kind < 0 ? null : KINDS[kind], in.readInt());
            if (in.readBoolean()) {
                int ttl = in.readShort();
                int window = in.readInt();
                int mss = in.readInt();
                int scale = in.readInt();
                String layout = texts.read(in);
                f.syn = texts.signature(new SynSignature(ttl, window, mss, scale, layout, in.readBoolean()));
            }
            f.userAgent = texts.read(in);
            f.tls = texts.read(in);
            read++;
            return f;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The texts spilled flows repeat (servers, User-Agents, TLS fingerprints, option layouts), written once and
     * named by number after; past {@link Interner#MAX} distinct ones a text is written whole each time, so the
     * table cannot grow with the capture. Shared by the spills of one pass.
     */
    static final class Texts {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> values = new ArrayList<>();
        private final Interner<SynSignature> signatures = new Interner<>();

        private void write(DataOutputStream out, String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            Integer id = ids.get(s);
            if (id == null && values.size() < Interner.MAX) {
                id = values.size();
                ids.put(s, id);
                values.add(s);
            }
            if (id != null) {
                out.writeInt(id);
            } else {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(-2);
                out.writeInt(b.length);
                out.write(b);
            }
        }

        private String read(DataInputStream in) throws IOException {
            int id = in.readInt();
            if (id == -1) {
                return null;
            }
            if (id >= 0) {
                return values.get(id);
            }
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        /** One instance per distinct signature read back, as the collector keeps them. */
        private SynSignature signature(SynSignature s) {
            return signatures.of(s);
        }
    }
}
