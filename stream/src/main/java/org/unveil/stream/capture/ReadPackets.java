package org.unveil.stream.capture;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.pipeline.CapturePipeline;
import org.unveil.capture.pipeline.PacketSink;
import org.unveil.hosts.AddressInference;

/**
 * The hosts job's per-part work: each packet of the part (that -f keeps) sent to the task of each address it
 * touches, the addresses a collector narrowed to them admits ({@link AddressInference#addresses}).
 */
final class ReadPackets extends RichFlatMapFunction<FilePart, AddressedPacket> {
    private final String bpf;
    private final long minPart;
    private final AddressKey only;
    private transient CapturePipeline pipeline;
    private transient LongCounter packets;
    private transient LongCounter problems;
    private transient LongCounter unreadable;

    /** @param only the one address asked for (--address), or null for all */
    ReadPackets(String bpf, long minPart, AddressKey only) {
        this.bpf = bpf;
        this.minPart = minPart;
        this.only = only;
    }

    @Override
    public void open(OpenContext context) {
        pipeline = new CapturePipeline(ProblemSpots.of(getRuntimeContext())).filter(bpf == null ? null : BpfFilter.compile(bpf)).parts(MappedFileWindow.DEFAULT_CHUNK, minPart);
        packets = getRuntimeContext().getLongCounter(PartTotals.PACKETS);
        problems = getRuntimeContext().getLongCounter(PartTotals.PROBLEMS);
        unreadable = getRuntimeContext().getLongCounter(PartTotals.UNREADABLE);
    }

    @Override
    public void flatMap(FilePart part, Collector<AddressedPacket> out) throws Exception {
        long[] seq = {0};
        PacketSink sink = (packet, layers) -> {
            CapturedPacket p = new CapturedPacket(part.file(), part.part(), seq[0]++, packet.number(),
                    packet.timestampNanos(), packet.linkType(), packet.interfaceId(), packet.fileOffset(),
                    packet.originalLength(), packet.copyBytes());
            AddressInference.addresses(layers, (high, low) -> {
                AddressKey key = new AddressKey(high, low);
                if (only == null || only.equals(key)) {
                    out.collect(new AddressedPacket(key, p));
                }
            });
        };
        CapturePipeline.PartOutcome<PacketSink> read = pipeline.readPart(part.name(), part.file(), part.parts(),
                part.part(), p -> sink);
        packets.add(read.packets());
        problems.add(read.problems());
        if (!read.readable()) {
            unreadable.add(1L);
        }
    }
}
