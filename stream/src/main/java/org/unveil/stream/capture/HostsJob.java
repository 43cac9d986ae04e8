package org.unveil.stream.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapPartitionFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.apache.flink.util.Collector;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.AddressInference;
import org.unveil.hosts.HostsJson;
import org.unveil.hosts.HostsText;
import org.unveil.hosts.MemoryBudget;

/**
 * `unveil hosts` as a Flink job over many captures: the parts of every file read on the task slots, each packet
 * sent to the task of each address it touches (source and destination), each address's packets put back in
 * capture order and inferred as the one-machine command infers them ({@link AddressInference}: a collector narrowed
 * to the address books its flows exactly as one of everything does), the reports rendered there and sorted by
 * address in one last task: the output is the single-process command's.
 *
 * <p>Memory: an address's task holds every packet that touches it (its captured bytes), a server's included, while
 * it sorts them; every packet crosses the network twice (once per address). The last task holds the rendered
 * reports.
 */
public final class HostsJob {
    /** The job's name in Flink's UI and logs. */
    public static final String NAME = "unveil hosts";

    private HostsJob() {
    }

    /**
     * Adds the job to {@code env}: {@code parts} through the packets {@code bpf} keeps (null: all), {@code only}
     * that address (null: all), each address within a budget of {@code options.memoryBytes()}.
     */
    public static DataStream<AddressReport> define(StreamExecutionEnvironment env, List<FilePart> parts, String bpf,
            AddressKey only, CaptureJobs.Options options) {
        return env.fromData(parts).name("capture parts")
                .rebalance()
                .flatMap(new ReadPackets(bpf, options.minPart(), only)).name("read parts")
                .keyBy(AddressedPacket::address)
                .fullWindowPartition()
                .mapPartition(new InferAddress(options.memoryBytes())).name("infer by address")
                .windowAll(GlobalWindows.createWithEndOfStreamTrigger())
                .process(new SortAddresses()).name("sort");
    }

    /** One address's packets in capture order, inferred, rendered. */
    static final class InferAddress implements MapPartitionFunction<AddressedPacket, AddressReport> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final long memoryBytes;

        InferAddress(long memoryBytes) {
            this.memoryBytes = memoryBytes;
        }

        @Override
        public void mapPartition(Iterable<AddressedPacket> in, Collector<AddressReport> out) throws Exception {
            List<CapturedPacket> packets = new ArrayList<>();
            AddressKey key = null;
            for (AddressedPacket p : in) {
                key = p.address();
                packets.add(p.packet());
            }
            if (key == null) {
                return;
            }
            packets.sort(CapturedPacket.INPUT_ORDER);
            List<AddressHosts> found = AddressInference.infer(key.text(), new MemoryBudget(memoryBytes), sink -> {
                Packet packet = new Packet();
                PacketLayers layers = new PacketLayers();
                for (CapturedPacket p : packets) {
                    p.into(packet);
                    sink.add(packet, PacketDecoder.decode(packet, layers));
                }
            });
            for (AddressHosts a : found) {
                StringWriter text = new StringWriter();
                HostsText.text(a, null, null, text);
                StringWriter flows = new StringWriter();
                HostsText.flows(a, flows);
                out.collect(new AddressReport(key, a.hostCount(), a.hostCountLow(), a.hostCountHigh(),
                        JSON.writeValueAsString(HostsJson.address(a, null, null)),
                        text.toString(), flows.toString(), a.approximations().toArray(String[]::new)));
            }
        }
    }

    /** The reports in address order. */
    static final class SortAddresses extends ProcessAllWindowFunction<AddressReport, AddressReport, GlobalWindow> {
        @Override
        public void process(Context context, Iterable<AddressReport> in, Collector<AddressReport> out) {
            List<AddressReport> all = new ArrayList<>();
            in.forEach(all::add);
            all.sort((a, b) -> AddressKey.ORDER.compare(a.address(), b.address()));
            all.forEach(out::collect);
        }
    }
}
