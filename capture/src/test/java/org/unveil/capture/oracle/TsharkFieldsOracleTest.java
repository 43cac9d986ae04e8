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

    private static final Set<String> INNERMOST_FAMILIES = Set.of("ip", "ipv6", "icmp", "icmpv6", "tcp", "udp");

    /** Chosen tcpdump test captures: plain link layers carrying IP traffic. */
    private static final List<String> TCPDUMP_FILES = List.of(
            "802.1ad_QinQ.pcap", "LINKTYPE_IPV4.pcap", "LINKTYPE_IPV6.pcap", "LINKTYPE_RAW_ipv4.pcap",
            "LINKTYPE_RAW_ipv6.pcap", "dns_tcp.pcap", "dns_tcp_8053.pcap", "icmpv6.pcap", "icmpv6-rfc7112.pcap",
            "ipv4_tcp_http_xml.pcap", "ipv4_tcp_http_xml_tso.pcap", "gso-ipv4.pcap", "gso-ipv6.pcap",
            "bigtcp-ipv4.pcap", "ip6_frag_asan.pcap", "mptcp-v0.pcap", "mptcp-v1.pcap", "mptcp-fclose.pcap",
            "mptcp-aa-echo.pcap", "tcp-handshake-nano.pcap", "tcp_eight_lowest_weight_flags_set.pcap",
            "tcp_rst_data.pcap", "tcp-auth-heapoverflow.pcap",
            "ipv6-routing-header.pcap", "ipv6-bad-version.pcap", "loopback.pcap");

    private static final String TUNNEL_FILE_NAMES = """
            vxlan.pcap geneve.pcap geneve-gcp.pcap gso-ipv4-vxlan-ipv4.pcap gso-ipv4-vxlan-ipv6.pcap
            gso-ipv6-vxlan-ipv4.pcap gso-ipv6-vxlan-ipv6.pcap gso-ipv4-geneve-ipv4.pcap gso-ipv4-geneve-ipv6.pcap
            gso-ipv6-geneve-ipv4.pcap gso-ipv6-geneve-ipv6.pcap various_gre.pcap pptp.pcap wccp_redirect_gre.pcap
            erspan-type-i-1.pcap erspan-type-i-2.pcap erspan-type-i-3.pcap erspan-type-i-4.pcap
            erspan-type-ii-1.pcap erspan-type-ii-2.pcap erspan-type-ii-3.pcap erspan-type-iii-ft-0.pcap
            erspan-type-iii-ft-7.pcap erspan-type-iii-pb-1.pcap mpls-ldp-hello.pcap mpls-traceroute.pcap
            mpls-over-udp.pcap lspping-fec-ldp.pcap lspping-fec-rsvp.pcap pppoe.pcap pppoes.pcap HDLC.pcap
            chdlc-slarp.pcap hdlc_slarp.pcapng ppp_ip_udp_dns.pcap OSPFv3_NBMA_adjacencies.pcap
            OSPFv3_multipoint_adjacencies.pcap LINKTYPE_PKTAP.pcap LINKTYPE_USER2_PKTAP.pcap NHRP_registration.pcap
            ios_nhrp.pcap ISIS_p2p_adjacency.pcap NHRP-responder-address.pcap bgp_vpn_attrset.pcap
            chdlc-slarp-short.pcap esis_opt_prot-oobr.pcap esis_snpa_asan-2.pcap esis_snpa_asan-3.pcap
            esis_snpa_asan-5.pcap esis_snpa_asan.pcap frf15-heapoverflow.pcap heapoverflow-ppp_hdlc_if_print.pcap
            heapoverflow-q933_printq.pcap hoobr_chdlc_print.pcap icmp-cksum-oobr-2.pcap icmp-cksum-oobr-4.pcapng
            icmp-icmp_print-oobr-2.pcap icmp-rfc5837.pcap icmp_inft_name_length_zero.pcap ipv6-srh-ext-header.pcap
            isis-extd-isreach-oobr.pcap isis-infinite-loop.pcap isis-seg-fault-3.pcapng isis_stlv_asan-2.pcap
            isis_stlv_asan-3.pcap isis_stlv_asan-4.pcap isis_stlv_asan.pcap isis_sysid_asan.pcap mlppp-oobr.pcap
            mpls-label-heapoverflow.pcap nhrp.pcapng pktap-heap-overflow.pcap ppp-invalid-lengths.pcap
            ppp_error_hexdump.pcap tok2str-oobr-2.pcap truncated-aack.pcap vrrp-vrrp_print-oobr.pcap wb-oobr.pcap
            """.strip();

    /**
     * tcpdump test captures with the encapsulations and link types Unveil decodes: VXLAN, GENEVE, GRE (with
     * key and sequence, PPTP's), ERSPAN I/II/III, IP in IP, MPLS, PPPoE, C-HDLC, PPP, Frame Relay, PKTAP;
     * the named ones first, then every other corpus capture in which Unveil finds one of them, except those
     * that differ on purpose: BIG TCP/GSO tunnels with an outer IP length of 0 (bigtcp-*-vxlan-*,
     * bigtcp-*-geneve-*: Unveil trusts the capture as for any offload packet, tshark stops at the outer UDP),
     * nhrp-trace.pcap (tshark decodes the packet an NHRP error quotes) and three fuzzed Frame Relay captures
     * with 1- or 5-octet addresses (calm-fast-mac-lookup-heapoverflow, esis_snpa_asan-4, q933-heapoverflow-2).
     */
    static final List<String> TUNNEL_FILES = List.of(TUNNEL_FILE_NAMES.split("\\s+"));

    static Stream<Path> chosenFiles() throws IOException {
        Path root = Corpus.require();
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("packets", "samples")) {
            try (Stream<Path> s = Files.list(root.resolve(folder))) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        Stream.concat(TCPDUMP_FILES.stream(), TUNNEL_FILES.stream()).map(n -> root.resolve("tcpdump").resolve(n))
                .filter(Files::isRegularFile).forEach(files::add);
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
        int inner = 0;
        Packet packet = new Packet();
        PacketLayers layers = new PacketLayers();
        StringBuilder value = new StringBuilder();
        try (CaptureReader reader = Captures.open(file.toString(), ProblemListener.IGNORE)) {
            while (reader.next(packet)) {
                PacketDecoder.decode(packet, layers);
                if (layers.tunnels() != 0 || layers.pppProtocol() >= 0 || layers.chdlcProtocol() >= 0
                        || layers.frameRelayDlci() >= 0 || layers.pktapDlt() >= 0) {
                    inner++;
                }
                String[] theirs = row < expected.size() ? expected.get(row) : new String[0];
                for (int i = 0; i < fields.length; i++) {
                    value.setLength(0);
                    fields[i].append(packet, layers, value);
                    String mine = value.toString();
                    String other = occurrence(fields[i], i < theirs.length ? theirs[i] : "", layers, mine);
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
        if (inner > 0) {
            System.out.println("tshark agrees: " + file.getFileName() + ": " + row + " packets, " + inner
                    + " in a tunnel or serial link framing");
        }
    }

    /**
     * The one of tshark's comma-separated values (one per header) that Unveil's field holds: for the IP,
     * ICMP and transport fields the innermost header's, the last — or the one before it when that last is
     * the header an ICMP error quotes; for the tunnel and link fields the outermost, the first. HTTP and TLS
     * values are taken whole (a User-Agent may hold commas).
     */
    static String occurrence(PacketField field, String all, PacketLayers layers, String mine) {
        String name = field.fieldName();
        if (name.startsWith("http.") || name.startsWith("tls.") || name.startsWith("frame.") || all.isEmpty()) {
            return all;
        }
        String[] values = all.split(",", -1);
        if (field == PacketField.IPV6_NXT && mine != null && List.of(values).contains(mine)) {
            return mine; // tshark lists extension headers' Next Header fields under ipv6.nxt too
        }
        String family = name.substring(0, name.indexOf('.'));
        if (!INNERMOST_FAMILIES.contains(family)) {
            return values[0];
        }
        // an ICMP error's quote Unveil could not decode (too short for it) is still a header to tshark
        boolean unreadQuote = layers.hasIcmp() && layers.icmp().isError() && layers.quotedIpVersion() == 0;
        boolean quoted = switch (family) {
            case "ip" -> layers.quotedIpVersion() == 4 || unreadQuote && layers.ipVersion() == 4;
            case "ipv6" -> layers.quotedIpVersion() == 6 || unreadQuote && layers.ipVersion() == 6;
            case "icmp" -> layers.quotedProtocol() == 1;
            case "icmpv6" -> layers.quotedProtocol() == 58;
            default -> false;
        };
        int index = values.length - (quoted && values.length >= 2 ? 2 : 1);
        return values[index];
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
                "-E", "separator=\t", "-E", "occurrence=a",
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
