package org.unveil.synth.natify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.Ipv4Header;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;

/**
 * Several captures on one time line: each shifted so that its first packet comes at a chosen instant, all read
 * in time order (a merge, as mergecap does), and repeats of an IPv4 packet within two seconds of it dropped —
 * some public captures hold each frame twice (recorded on two interfaces), which no stack sends.
 */
public final class CaptureTimeline {
    /** How close a repeat must follow its original to be a capture artefact rather than a retransmission. */
    private static final long REPEAT_WINDOW_NANOS = 2_000_000_000L;

    /** One capture and the instant its first packet is moved to. */
    public record Input(Path file, long startNanos) {
    }

    /** Receives each packet of the time line, decoded, with its shifted time. */
    @FunctionalInterface
    public interface Sink {
        void accept(Packet packet, PacketLayers layers) throws IOException;
    }

    /** What a run passed on and what it dropped. */
    public record Result(long packets, long repeats) {
    }

    private CaptureTimeline() {
    }

    /** Reads every input to its end, merged in time order, into {@code sink}. */
    public static Result read(List<Input> inputs, Sink sink) throws IOException {
        List<Source> sources = new ArrayList<>();
        try {
            for (Input input : inputs) {
                Source s = new Source(Captures.open(input.file().toString(), ProblemListener.IGNORE));
                sources.add(s);
                if (s.advance()) {
                    s.shift = input.startNanos() - s.packet.timestampNanos();
                }
            }
            Packet shifted = new Packet();
            PacketLayers layers = new PacketLayers();
            long packets = 0;
            long repeats = 0;
            while (true) {
                Source next = null;
                for (Source s : sources) {
                    if (s.live && (next == null || s.time() < next.time())) {
                        next = s; // inputs are few: a scan beats a heap
                    }
                }
                if (next == null) {
                    return new Result(packets, repeats);
                }
                Packet p = next.packet;
                shifted.set(p.number(), next.time(), p.linkType(), p.interfaceId(), p.fileOffset(), p.buffer(),
                        p.offset(), p.capturedLength(), p.originalLength());
                PacketDecoder.decode(shifted, layers);
                if (next.isRepeat(shifted, layers)) {
                    repeats++;
                } else {
                    sink.accept(shifted, layers);
                    packets++;
                }
                next.advance();
            }
        } finally {
            for (Source s : sources) {
                s.reader.close();
            }
        }
    }

    /** One input's reader, its current packet and the IPv4 packets of its last two seconds. */
    private static final class Source {
        final CaptureReader reader;
        final Packet packet = new Packet();
        final ArrayDeque<long[]> recent = new ArrayDeque<>(); // {time, key}
        final Set<Long> recentKeys = new HashSet<>();
        long shift;
        boolean live;

        Source(CaptureReader reader) {
            this.reader = reader;
        }

        boolean advance() throws IOException {
            live = reader.next(packet);
            return live;
        }

        long time() {
            return packet.timestampNanos() + shift;
        }

        /**
         * The same source, destination, identification, protocol, length and ports as a packet of the last two
         * seconds: the catalogue's definition of a duplicated frame. A stack's own retransmission carries a new
         * identification, except on stacks that send zero, whose packets are therefore never dropped.
         */
        boolean isRepeat(Packet p, PacketLayers layers) {
            long now = p.timestampNanos();
            while (!recent.isEmpty() && recent.peekFirst()[0] < now - REPEAT_WINDOW_NANOS) {
                recentKeys.remove(recent.pollFirst()[1]);
            }
            if (layers.ipVersion() != 4 || layers.ipv4().identification() == 0) {
                return false;
            }
            long key = key(layers.ipv4());
            if (!recentKeys.add(key)) {
                return true;
            }
            recent.addLast(new long[] {now, key});
            return false;
        }

        private static long key(Ipv4Header ip) {
            long ports = ip.capturedPayloadLength() >= 4
                    ? ip.segment().get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, ip.payloadOffset()) : 0;
            long h = ip.source();
            h = h * 0x9E3779B97F4A7C15L + ip.destination();
            h = h * 0x9E3779B97F4A7C15L + ((long) ip.identification() << 24 | (long) ip.protocol() << 16
                    | ip.totalLength());
            h = h * 0x9E3779B97F4A7C15L + ip.fragmentOffset();
            return h * 0x9E3779B97F4A7C15L + ports;
        }
    }
}
