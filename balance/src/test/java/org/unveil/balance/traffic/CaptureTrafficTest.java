package org.unveil.balance.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.pcap.PcapWriter;
import org.unveil.capture.pipeline.CapturePipeline;
import org.unveil.capture.pipeline.FileOutcome;
import org.unveil.capture.pipeline.PipelineListener;

class CaptureTrafficTest {
    @TempDir
    Path dir;

    static final int SYN = 0x02;
    static final int ACK = 0x10;
    static final int FIN = 0x01;

    /** A raw IPv4 TCP packet a.b.c.d:sport -> e.f.g.h:dport with the given flags and no payload. */
    static byte[] tcp(int[] src, int sport, int[] dst, int dport, int flags) {
        byte[] p = new byte[40];
        p[0] = 0x45;
        p[3] = 40;
        p[8] = 64;
        p[9] = 6;
        for (int i = 0; i < 4; i++) {
            p[12 + i] = (byte) src[i];
            p[16 + i] = (byte) dst[i];
        }
        p[20] = (byte) (sport >> 8);
        p[21] = (byte) sport;
        p[22] = (byte) (dport >> 8);
        p[23] = (byte) dport;
        p[32] = 0x50;
        p[33] = (byte) flags;
        return p;
    }

    @Test
    void theInternalSideIsThePrivateAddressAndAConnectionEndsAtItsFirstFin() throws IOException {
        int[] inside = {10, 0, 0, 5};
        int[] outside = {198, 51, 100, 7};
        int[] other = {203, 0, 113, 9};
        Path file = dir.resolve("t.pcap");
        List<byte[]> packets = List.of(
                tcp(outside, 80, inside, 40000, SYN | ACK), // capture starts mid-handshake: the SYN-ACK orients it
                tcp(inside, 40000, outside, 80, ACK),
                tcp(other, 5000, inside, 22, SYN), // inbound connection to an internal server
                tcp(inside, 40000, outside, 80, FIN | ACK),
                tcp(outside, 80, inside, 40000, FIN | ACK));
        try (OutputStream out = Files.newOutputStream(file); PcapWriter w = new PcapWriter(out, LinkType.RAW, 65535)) {
            long t = 1_000_000_000L;
            for (byte[] p : packets) {
                w.write(Packet.of(LinkType.RAW, t += 1_000_000, p));
            }
        }
        List<String> seen = new ArrayList<>();
        FileOutcome outcome = new CapturePipeline(PipelineListener.QUIET).read(file.toString(), new CaptureTraffic(
                p -> seen.add(p.connection + (p.outbound ? " out " : " in ") + (p.internalAddress & 0xFF) + ":"
                        + p.internalPort + "/" + p.externalPort + (p.firstOfConnection ? " first" : "")
                        + (p.lastOfConnection ? " last" : "") + " " + p.bytes)));
        assertThat(outcome.decoded().summary()).isNull();
        assertThat(seen).containsExactly(
                "0 in 5:40000/80 first 40",
                "0 out 5:40000/80 40",
                "1 in 5:22/5000 first 40",
                "0 out 5:40000/80 last 40",
                "0 in 5:40000/80 40");
    }

    @Test
    void packetsThatAreNotIpv4AreLeftOutAndCountedInTheFilesDecodeNote() throws IOException {
        byte[] ipv6 = new byte[40];
        ipv6[0] = 0x60;
        ipv6[6] = 59; // no next header
        ipv6[7] = 64;
        ipv6[23] = 1;
        ipv6[39] = 2;
        Path file = dir.resolve("v6.pcap");
        try (OutputStream out = Files.newOutputStream(file); PcapWriter w = new PcapWriter(out, LinkType.RAW, 65535)) {
            w.write(Packet.of(LinkType.RAW, 1_000_000_000L, tcp(new int[] {10, 0, 0, 5}, 40000,
                    new int[] {198, 51, 100, 7}, 80, SYN)));
            w.write(Packet.of(LinkType.RAW, 1_001_000_000L, ipv6));
        }
        List<Long> seen = new ArrayList<>();
        FileOutcome outcome = new CapturePipeline(PipelineListener.QUIET).read(file.toString(),
                new CaptureTraffic(p -> seen.add(p.connection)));
        assertThat(seen).containsExactly(0L);
        assertThat(outcome.decoded().summary())
                .isEqualTo("2 packets read: 1 left out: not IPv4 (the lab models IPv4 clusters, as the thesis did)");
    }
}
