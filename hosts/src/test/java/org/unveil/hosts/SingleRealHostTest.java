package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No real single host is split: every client of {@code hosts-real/CATALOG.md} (tier A and B, the corpus files
 * it names included) is one machine, so host discovery must count one host behind its address. The ground
 * truth is the catalogue's, written from tshark field exports, never from this code.
 */
class SingleRealHostTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "hosts-real/linux-ubuntu810-x2-evidence08-wepdec.pcap, 192.168.1.100",
        "hosts-real/linux-ubuntu810-x2-evidence08-wepdec.pcap, 192.168.1.109",
        "hosts-real/linux24-praveen-telnet-eot.pcap, 172.16.4.166",
        "hosts-real/macosx105-evidence04.pcap, 10.42.42.25",
        "hosts-real/win2000-praveen-lotusnotes.pcap, 172.16.4.68",
        "hosts-real/win2000xp-attack-trace.pcap, 98.114.205.102",
        "hosts-real/win2k-xp-praveen-pcanywhere-dos2.pcap, 172.16.4.93",
        "hosts-real/win2k-xp-praveen-winhlp32.pcap, 172.16.16.4",
        "hosts-real/winxp-evidence02.pcap, 192.168.1.159",
        "hosts-real/winxp-evidence05.pcap, 192.168.23.129",
        "hosts-real/winxp-evidence06.pcap, 10.10.10.70",
        "hosts-real/winxp-ie_aurora.pcap, 192.168.146.132",
        "hosts-real/winxp-jackcr-challenge.pcap, 172.16.150.20",
        "hosts-real/winxp-praveen-jetdb.pcap, 172.16.16.29",
        "hosts-real/winxp-praveen-jre-dnsflood.pcap, 172.16.16.4",
        "hosts-real/winxp-praveen-pcanywhere-dos1.pcap, 172.16.4.102",
        "hosts-real/winxp-praveen-smf-sqli.pcap, 172.16.16.4",
        "hosts-real/winxp-puzzle1.pcap, 192.168.1.159",
        "hosts-real/winxp-x2-wrongdissector.pcap, 207.137.7.103",
        "hosts-real/winxp-x2-wrongdissector.pcap, 207.137.7.104",
        "packets/ek_to_cryptowall4.pcapng, 192.168.122.145",
        "packets/cryptowall4_c2.pcapng, 192.168.122.145",
        "packets/http_espn.pcapng, 172.16.0.122",
        "packets/http_espn_fail.pcapng, 172.16.16.154",
        "packets/arppoison.pcapng, 172.16.0.107",
        "packets/dns_isp_hijack.pcapng, 172.16.16.170",
        "packets/inconsistent_printer.pcapng, 172.16.0.8",
        "packets/ratinfected.pcapng, 172.16.0.114",
        "packets/sessionhijacking.pcapng, 172.16.16.164",
        "packets/sessionhijacking.pcapng, 172.16.16.154",
        "packets/tcp_ports.pcapng, 172.16.16.128",
        "packets/tickedoffdeveloper.pcapng, 172.16.16.128",
        "samples/Forensic_challenge_4.pcap, 172.25.105.43",
        "samples/Forensic_challenge_4.pcap, 172.25.105.3",
        "samples/dns.cap, 192.168.0.114",
        "samples/email-troubles.pcap, 12.234.13.202",
        "samples/evilprogram.pcap, 24.136.28.59",
        "samples/evilprogram.pcap, 24.86.194.206",
        "samples/evilprogram.pcap, 24.87.14.222",
        "samples/fc_0.pcap, 10.0.0.2",
        "samples/ftp-crack.pcap, 10.234.125.254",
        "samples/ftp-uploadfailed.pcap, 67.169.189.180",
        "samples/gnutella.pcap, 10.1.4.176",
        "samples/hauntedbrowser.pcap, 192.168.0.184",
        "samples/printerproblem.pcap, 10.100.17.47",
        // split before: two programs on one global IPID counter, a 2 Hz clock read from a flow too short to
        // show it, an ICMP probe with TTL 2 (hosts/README.md)
        "hosts-real/appletv-macosx104-evidence03.pcap, 192.168.1.10",
        "samples/evilprogram.pcap, 24.6.125.19",
        "samples/torrential-slowness.pcap, 192.168.0.193",
    })
    void aRealSingleHostCountsOne(String file, String address) throws IOException {
        Path capture = RealCorpus.require().resolve(file);
        List<AddressHosts> result = HostInference.infer(RealCorpus.evidence(capture), address);
        // an address that opened no flow of its own (a server-side host) has no entry: nothing to split
        assertThat(result).allSatisfy(a -> assertThat(a.hostCount()).as(a.hosts().toString()).isOne());
    }
}
