package org.unveil.capture.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.fields.PacketField;

/**
 * Every field `unveil packets` prints agrees with `tshark -T fields`, packet by packet, on corpus captures
 * with IPv4, IPv6, TCP, UDP, ICMP, HTTP and TLS. tshark runs without reassembly, defragmentation or
 * sequence analysis, and with raw sequence numbers, so that it too reports each packet's own bytes.
 *
 * <p>One difference is by design: Unveil recognises HTTP by content on any port, tshark only on its HTTP
 * ports; an HTTP field only Unveil found, on a connection with no tshark HTTP port, is counted, not failed.
 */
class TsharkFieldsOracleTest {
    /** tshark 4's default HTTP ports (http.tcp.port, SSDP's 1900). */
    private static final Set<Integer> TSHARK_HTTP_PORTS =
            Set.of(80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710);

    /**
     * Chosen tcpdump test captures: plain link layers carrying IP traffic. Tunnels (VXLAN, IPv6 in IPv6)
     * are left out on purpose: tshark reports inner transport fields under the outer addresses, while
     * Unveil stops at the outer transport header.
     */
    private static final List<String> TCPDUMP_FILES = List.of(
            "802.1ad_QinQ.pcap", "LINKTYPE_IPV4.pcap", "LINKTYPE_IPV6.pcap", "LINKTYPE_RAW_ipv4.pcap",
            "LINKTYPE_RAW_ipv6.pcap", "dns_tcp.pcap", "dns_tcp_8053.pcap", "icmpv6.pcap", "icmpv6-rfc7112.pcap",
            "ipv4_tcp_http_xml.pcap", "ipv4_tcp_http_xml_tso.pcap", "gso-ipv4.pcap", "gso-ipv6.pcap",
            "bigtcp-ipv4.pcap", "ip6_frag_asan.pcap", "mptcp-v0.pcap", "mptcp-v1.pcap", "mptcp-fclose.pcap",
            "mptcp-aa-echo.pcap", "tcp-handshake-nano.pcap", "tcp_eight_lowest_weight_flags_set.pcap",
            "tcp_rst_data.pcap", "tcp-auth-heapoverflow.pcap",
            "ipv6-routing-header.pcap", "ipv6-bad-version.pcap", "loopback.pcap");

    static Stream<Path> chosenFiles() throws IOException {
        Path root = Corpus.require();
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("packets", "samples")) {
            try (Stream<Path> s = Files.list(root.resolve(folder))) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        TCPDUMP_FILES.stream().map(n -> root.resolve("tcpdump").resolve(n)).filter(Files::isRegularFile)
                .forEach(files::add);
        return files.stream();
    }

    @TestFactory
    Stream<DynamicTest> fieldsAgreeWithTsharkPacketByPacket() throws IOException {
        ExternalTool.require("tshark");
        return chosenFiles().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> compare(f)));
    }

    private static void compare(Path file) throws Exception {
        PacketField[] fields = PacketField.values();
        List<String[]> expected = tshark(file, fields);
        List<String> mismatches = new ArrayList<>();
        int row = 0;
        Packet packet = new Packet();
        PacketLayers layers = new PacketLayers();
        StringBuilder value = new StringBuilder();
        try (CaptureReader reader = Captures.open(file.toString(), ProblemListener.IGNORE)) {
            while (reader.next(packet)) {
                PacketDecoder.decode(packet, layers);
                String[] theirs = row < expected.size() ? expected.get(row) : new String[0];
                for (int i = 0; i < fields.length; i++) {
                    value.setLength(0);
                    fields[i].append(packet, layers, value);
                    String mine = value.toString();
                    String other = i < theirs.length ? theirs[i] : "";
                    if (!mine.equals(other) && !httpOnlyUnveilSees(fields[i], other, layers)
                            && mismatches.size() < 20) {
                        mismatches.add("packet " + packet.number() + " " + fields[i].fieldName() + ": unveil '"
                                + mine + "', tshark '" + other + "'");
                    }
                }
                row++;
            }
        }
        assertThat(row).as("packets").isEqualTo(expected.size());
        assertThat(mismatches).isEmpty();
    }

    private static boolean httpOnlyUnveilSees(PacketField field, String tsharkValue, PacketLayers layers) {
        if (!field.fieldName().startsWith("http.") || !tsharkValue.isEmpty() || !layers.hasTcp()) {
            return false;
        }
        return !TSHARK_HTTP_PORTS.contains(layers.tcp().sourcePort())
                && !TSHARK_HTTP_PORTS.contains(layers.tcp().destinationPort());
    }

    private static List<String[]> tshark(Path file, PacketField[] fields) throws Exception {
        List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n", "-T", "fields",
                "-E", "separator=\t", "-E", "occurrence=f",
                "-o", "tcp.relative_sequence_numbers:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
                "-o", "tcp.analyze_sequence_numbers:FALSE", "-o", "ip.defragment:FALSE",
                "-o", "ipv6.defragment:FALSE"));
        for (PacketField f : fields) {
            command.add("-e");
            command.add(f.alias() != null && !f.alias().endsWith("_raw") ? f.alias() : f.fieldName());
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : ExternalTool.run(command).split("\n", -1)) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }
}
