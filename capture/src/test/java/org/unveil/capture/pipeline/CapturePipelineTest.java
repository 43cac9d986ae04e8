package org.unveil.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.Packet;
import org.unveil.capture.PcapBuilder;
import org.unveil.capture.PcapBuilder.Variant;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.oracle.Corpus;
import org.unveil.capture.oracle.ExternalTool;

/** The pipeline splits, filters, counts and merges: what it hands back is what the files hold, in their order. */
class CapturePipelineTest {
    private static final long T0 = 1_700_000_000L;
    /** LINKTYPE_NFLOG: libpcap compiles no filter for it ("link-layer type filtering not implemented"). */
    private static final int NFLOG = 239;

    @TempDir
    static Path dir;

    private static final List<PcapBuilder> BUILT = new ArrayList<>();
    private static final List<String> FILES = new ArrayList<>();

    /** Two files of about 1 MB of random records, each with its own timestamps (the ground truth of order). */
    @BeforeAll
    static void writeFiles() throws IOException {
        for (int f = 0; f < 2; f++) {
            PcapBuilder pcap = PcapBuilder.ethernet(Variant.MICROS, ByteOrder.LITTLE_ENDIAN);
            Random random = new Random(f);
            long micros = f * 10_000_000_000L;
            while (pcap.offset() < 1_000_000) {
                byte[] data = new byte[random.nextInt(14, 1515)];
                random.nextBytes(data);
                micros += random.nextInt(1, 20_000);
                pcap.record(T0 + micros / 1_000_000, micros % 1_000_000, data);
            }
            BUILT.add(pcap);
            FILES.add(pcap.write(dir.resolve("f" + f + ".pcap")).toString());
        }
    }

    /** Keeps each packet's timestamp. */
    private static final class Times implements PacketSink {
        final List<Long> nanos = new ArrayList<>();

        @Override
        public void add(Packet packet, PacketLayers layers) {
            nanos.add(packet.timestampNanos());
        }
    }

    private static List<Long> written() {
        List<Long> all = new ArrayList<>();
        for (PcapBuilder b : BUILT) {
            b.frames().forEach(frame -> all.add(frame.timestampNanos()));
        }
        return all;
    }

    private static CapturePipeline small(PipelineListener listener) {
        return new CapturePipeline(listener).parts(MappedFileWindow.DEFAULT_CHUNK, 64 << 10);
    }

    @Test
    void partsComeBackInFileOrderAndHoldEveryPacketOnce() throws IOException {
        for (int threads : new int[] {1, 2, 5}) {
            CaptureResult<Times> r = small(PipelineListener.QUIET).run(FILES, threads, part -> new Times());
            List<Long> seen = new ArrayList<>();
            r.sinks().forEach(t -> seen.addAll(t.nanos));
            assertThat(seen).as("%d threads", threads).isEqualTo(written());
            assertThat(r.sinks()).as("a sink a part").hasSize(threads == 1 ? 2 : 2 * threads);
            assertThat(r.packets()).isEqualTo(written().size());
            assertThat(r.files()).extracting(FileOutcome::readable).containsExactly(true, true);
        }
    }

    /** One part at a time (as an engine's tasks read them): the parts run() reads, each packet once, in order. */
    @Test
    void partsReadOneByOneAreThePartsOfTheParallelRun() throws IOException {
        for (int threads : new int[] {1, 3, 5}) {
            List<Long> seen = new ArrayList<>();
            long packets = 0;
            for (int f = 0; f < FILES.size(); f++) {
                int n = small(PipelineListener.QUIET).partCount(FILES.get(f), threads);
                assertThat(n).isEqualTo(threads);
                for (int p = 0; p < n; p++) {
                    int file = f;
                    int index = p;
                    CapturePipeline.PartOutcome<Times> read = small(PipelineListener.QUIET).readPart(FILES.get(f), f,
                            threads, p, part -> {
                                assertThat(part).isEqualTo(new Part(file, FILES.get(file), index, index == n - 1));
                                return new Times();
                            });
                    seen.addAll(read.sink().nanos);
                    packets += read.packets();
                    assertThat(read.readable()).isTrue();
                    assertThat(read.problems()).isZero();
                }
            }
            assertThat(seen).as("%d parts a file", threads).isEqualTo(written());
            assertThat(packets).isEqualTo(written().size());
        }
        assertThatThrownBy(() -> small(PipelineListener.QUIET).readPart(FILES.get(0), 0, 2, 2, part -> new Times()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 2 parts at 2 threads");
    }

    @Test
    void decodeStatisticsAreTheSameOverPartsAsOverTheWholeFile() throws IOException {
        // random bytes after the Ethernet header: most packets are of no known type, many are malformed
        String whole = small(PipelineListener.QUIET).run(FILES, 1, part -> new Times()).decoded().summary();
        String split = small(PipelineListener.QUIET).run(FILES, 4, part -> new Times()).decoded().summary();
        assertThat(whole).isNotNull().isEqualTo(split)
                .startsWith(String.format(java.util.Locale.ROOT, "%,d packets read: ", written().size()));
    }

    @Test
    void eachFileIsToldInOrderAndOneThatCannotBeOpenedDoesNotStopTheOthers() throws IOException {
        List<String> told = new ArrayList<>();
        PipelineListener listener = new PipelineListener() {
            @Override
            public void problem(CaptureProblem problem) {
                told.add("problem " + problem);
            }

            @Override
            public void openFailed(String file, String message) {
                told.add("failed " + message);
            }

            @Override
            public void fileDone(FileOutcome outcome) {
                told.add("done " + Path.of(outcome.file()).getFileName() + " " + outcome.opened());
            }
        };
        String missing = dir.resolve("missing.pcap").toString();
        String failed = "failed " + missing + ": byte 0: no such file";
        CaptureResult<Times> here = small(listener).run(List.of(FILES.get(0), missing, FILES.get(1)), 1,
                part -> new Times());
        assertThat(told).as("one thread: file after file").containsExactly("done f0.pcap true", failed,
                "done missing.pcap false", "done f1.pcap true");
        told.clear();
        CaptureResult<Times> pooled = small(listener).run(List.of(FILES.get(0), missing, FILES.get(1)), 3,
                part -> new Times());
        assertThat(told).as("a pool: files opened ahead, told done in order").containsExactly(failed,
                "done f0.pcap true", "done missing.pcap false", "done f1.pcap true");
        for (CaptureResult<Times> r : List.of(here, pooled)) {
            assertThat(r.readable()).isEqualTo(2);
            assertThat(r.files().get(1).failure()).isEqualTo(missing + ": byte 0: no such file");
        }
    }

    @Test
    void aDamagedRecordIsCountedForItsFile() throws IOException {
        PcapBuilder pcap = PcapBuilder.ethernet(Variant.MICROS, ByteOrder.LITTLE_ENDIAN);
        pcap.record(T0, 0, new byte[60]);
        pcap.damagedRecord(T0, 1, 1 << 30, new byte[60]);
        pcap.record(T0, 2, new byte[60]);
        String file = pcap.write(dir.resolve("damaged.pcap")).toString();
        List<CaptureProblem> problems = new ArrayList<>();
        CaptureResult<Times> r = new CapturePipeline(problems::add).run(List.of(file), 1, part -> new Times());
        assertThat(problems).isNotEmpty();
        assertThat(r.problems()).isEqualTo(problems.size());
        assertThat(r.files().getFirst().problems()).isEqualTo(problems.size());
    }

    @Test
    void aSinksFailureEndsTheRunWithItsOwnError() {
        for (int threads : new int[] {1, 3}) {
            assertThatThrownBy(() -> small(PipelineListener.QUIET).run(FILES, threads, part -> (packet, layers) -> {
                throw new IOException("disk full");
            })).isInstanceOf(IOException.class).hasMessage("disk full");
        }
    }

    @Test
    void packetsTheFilterCannotTestAreCountedNotDroppedUnsaid() throws IOException {
        PcapBuilder pcap = new PcapBuilder(Variant.MICROS, ByteOrder.LITTLE_ENDIAN, NFLOG, 65535);
        for (int i = 0; i < 7; i++) {
            pcap.record(T0, i, new byte[40]);
        }
        String file = pcap.write(dir.resolve("nflog.pcap")).toString();
        try (BpfFilter tcp = compileOrSkip("tcp")) {
            Times sink = new Times();
            FileOutcome read = new CapturePipeline(PipelineListener.QUIET).filter(tcp).read(file, sink);
            assertThat(sink.nanos).isEmpty();
            assertThat(read.packets()).isEqualTo(7);
            assertThat(read.decoded().untested()).isEqualTo(7);
            assertThat(read.decoded().summary()).isEqualTo("7 packets read: 7 left out: the packet filter could not"
                    + " test them ('tcp': NFLOG link-layer type filtering not implemented)");
        }
    }

    @Test
    void aPacketTheFilterRejectsIsNotCountedAsUntested() throws IOException {
        try (BpfFilter udp = compileOrSkip("udp")) {
            FileOutcome read = new CapturePipeline(PipelineListener.QUIET).filter(udp).read(FILES.get(0), new Times());
            assertThat(read.decoded().untested()).isZero();
        }
    }

    /** A corpus capture of a link type tcpdump cannot filter: every packet tcpdump reads is counted untested. */
    @Test
    void theCorpusNflogCaptureIsAllUntested() throws Exception {
        Path nflog = Corpus.require().resolve("tcpdump").resolve("nflog.pcap");
        assumeTrue(Files.exists(nflog), "the corpus has no tcpdump/nflog.pcap");
        ExternalTool.require("tcpdump");
        long tcpdump = ExternalTool.run(List.of("tcpdump", "-r", nflog.toString(), "-n")).lines().count();
        try (BpfFilter tcp = compileOrSkip("tcp")) {
            FileOutcome read = new CapturePipeline(PipelineListener.QUIET).filter(tcp).read(nflog.toString(),
                    new Times());
            assertThat(tcpdump).isPositive();
            assertThat(read.decoded().untested()).isEqualTo(tcpdump);
        }
    }

    private static BpfFilter compileOrSkip(String expression) {
        try {
            return BpfFilter.compile(expression);
        } catch (IllegalArgumentException noLibpcap) {
            assumeTrue(false, "libpcap is not installed: " + noLibpcap.getMessage());
            throw noLibpcap;
        }
    }
}
