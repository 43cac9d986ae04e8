package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real client of {@code hosts-real/CATALOG.md} that sent SYNs gets the OS generation the catalogue gives
 * it (from its User-Agents and the capture's provenance, not from this code) and the catalogue's initial TTL.
 * A label names several generations where the SYN cannot tell them apart ("windows-2000/xp"); the expected
 * label is the catalogue's OS written in that form, and p0f 3.09's verdict (CATALOG.md) is beside it.
 */
class RealOsLabelTest {
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = ';', value = {
        // file; address; catalogue OS; catalogue initial TTL; expected label; p0f 3.09
        "hosts-real/appletv-macosx104-evidence03.pcap; 192.168.1.10; AppleTV 2.x = Mac OS X 10.4; 64; macos-10.4; Mac OS X",
        "hosts-real/linux-ubuntu810-x2-evidence08-wepdec.pcap; 192.168.1.100; Ubuntu 8.10 / Linux 2.6.27; 64; linux-2.6; Linux 2.6.x",
        "hosts-real/linux-ubuntu810-x2-evidence08-wepdec.pcap; 192.168.1.109; Ubuntu 8.10 / Linux 2.6.27; 64; linux-2.6; Linux 2.6.x",
        "hosts-real/linux24-praveen-telnet-eot.pcap; 172.16.4.166; Linux 2.4/early 2.6; 64; linux-2.4/2.6; Linux 2.4.x",
        "hosts-real/macosx105-evidence04.pcap; 10.42.42.25; Mac OS X 10.5/10.6; 64; macos-10.5/10.6; Mac OS X 10.x",
        "hosts-real/win2000-praveen-lotusnotes.pcap; 172.16.4.68; Windows 2000 (MSIE 6.0 NT 5.0); 128; windows-2000/xp; Windows NT kernel",
        "hosts-real/win2000xp-attack-trace.pcap; 98.114.205.102; Windows 2000/XP; 128; windows-2000/xp; Windows NT kernel",
        "hosts-real/win2k-xp-praveen-pcanywhere-dos2.pcap; 172.16.4.93; Windows 2000/XP; 128; windows-2000/xp; Windows NT kernel",
        "hosts-real/win2k-xp-praveen-winhlp32.pcap; 172.16.16.4; Windows 2000/XP; 128; windows-2000/xp; Windows NT kernel",
        "hosts-real/winxp-evidence02.pcap; 192.168.1.159; Windows XP SP2/SP3; 128; windows-2000/xp; Windows NT kernel",
        "hosts-real/winxp-evidence05.pcap; 192.168.23.129; Windows XP SP3; 128; windows-2000/xp; Windows NT kernel",
        "hosts-real/winxp-evidence06.pcap; 10.10.10.70; Windows XP SP2; 128; windows-xp; Windows XP",
        "hosts-real/winxp-ie_aurora.pcap; 192.168.146.132; Windows XP (MSIE 6.0, NT 5.1); 128; windows-2000/xp; Windows NT kernel",
        "hosts-real/winxp-jackcr-challenge.pcap; 172.16.150.20; Windows XP (NT 5.1); 128; windows-xp; Windows XP",
        "hosts-real/winxp-praveen-jetdb.pcap; 172.16.16.29; Windows XP (MSIE 7.0 NT 5.1); 128; windows-xp; Windows XP",
        "hosts-real/winxp-praveen-pcanywhere-dos1.pcap; 172.16.4.102; Windows XP/2003; 128; windows-xp; Windows XP",
        "hosts-real/winxp-praveen-smf-sqli.pcap; 172.16.16.4; Windows XP (MSIE 7.0 NT 5.1); 128; windows-xp; Windows XP",
        "hosts-real/winxp-puzzle1.pcap; 192.168.1.159; Windows XP SP2; 128; windows-2000/xp; Windows NT kernel",
        "hosts-real/winxp-x2-wrongdissector.pcap; 207.137.7.103; Windows XP; 128; windows-xp; Windows XP",
        "hosts-real/winxp-x2-wrongdissector.pcap; 207.137.7.104; Windows XP; 128; windows-xp; Windows XP",
        "packets/ek_to_cryptowall4.pcapng; 192.168.122.145; Windows 7 SP1 x64; 128; windows-7/8/10; Windows 7 or 8",
        "packets/cryptowall4_c2.pcapng; 192.168.122.145; Windows 7 SP1 x64; 128; windows-7/8/10; Windows 7 or 8",
        "packets/http_espn.pcapng; 172.16.0.122; Ubuntu 9.10 / Linux 2.6.31; 64; linux-2.6; Linux 2.6.x",
        "packets/http_espn_fail.pcapng; 172.16.16.154; OS X 10.10.5; 64; macos-10.7-10.12; Mac OS X (and ??? for the retries)",
        "packets/arppoison.pcapng; 172.16.0.107; Ubuntu 9.10 / Linux 2.6.31; 64; linux-2.6; Linux 2.6.x",
        "packets/dns_isp_hijack.pcapng; 172.16.16.170; macOS 10.12.4; 64; macos-10.7-10.12; Mac OS X",
        "packets/inconsistent_printer.pcapng; 172.16.0.8; Windows Vista/7; 128; windows-vista/7; Windows 7 or 8",
        "packets/ratinfected.pcapng; 172.16.0.114; Windows XP/2003 with window scaling; 128; windows-xp/2003; Windows NT kernel",
        "packets/sessionhijacking.pcapng; 172.16.16.164; OS X 10.10.5; 64; macos-10.7-10.12; Mac OS X",
        "packets/sessionhijacking.pcapng; 172.16.16.154; Windows 10 (NT 10.0, Chrome 48); 128; windows-7/8/10; Windows 7 or 8",
        "packets/tcp_ports.pcapng; 172.16.16.128; Windows 7 (NT 6.1); 128; windows-vista/7; Windows 7 or 8",
        "packets/tickedoffdeveloper.pcapng; 172.16.16.128; Windows 7; 128; windows-vista/7; Windows 7 or 8",
        "samples/Forensic_challenge_4.pcap; 172.25.105.43; Ubuntu 9.10 / Linux 2.6.31; 64; linux-2.6; Linux 2.4.x-2.6.x",
        "samples/dns.cap; 192.168.0.114; Windows XP (SP1/SP2); 128; windows-xp; Windows XP",
        "samples/evilprogram.pcap; 24.6.125.19; Windows XP; 128; windows-xp; Windows XP",
        "samples/evilprogram.pcap; 24.136.28.59; Windows XP (remote, 14 hops); 128; windows-xp; Windows XP",
        "samples/evilprogram.pcap; 24.86.194.206; Windows 2000/XP (remote, 18 hops); 128; windows-2000/xp; Windows NT kernel",
        "samples/evilprogram.pcap; 24.87.14.222; Windows XP (remote, 18 hops); 128; windows-xp; Windows XP",
        "samples/fc_0.pcap; 10.0.0.2; Linux 3.x; 64; linux-3.x; Linux 3.1-3.10",
        "samples/ftp-crack.pcap; 10.234.125.254; Windows XP; 128; windows-xp; Windows XP",
        "samples/gnutella.pcap; 10.1.4.176; Windows 98/ME (BearShare 2.2.6); 128; windows-98/me; Windows 7 or 8 (wrong)",
        "samples/hauntedbrowser.pcap; 192.168.0.184; Windows XP SP2; 128; windows-xp; Windows XP",
    })
    void aRealClientIsNamedItsGeneration(String file, String address, String catalogue, int ttl, String label,
            String p0f) throws IOException {
        Path capture = RealCorpus.require().resolve(file);
        List<AddressHosts> result = HostInference.infer(RealCorpus.evidence(capture), address);
        assertThat(result).as("hosts behind " + address).isNotEmpty();
        assertThat(result).allSatisfy(a -> assertThat(a.hosts()).allSatisfy(h -> {
            assertThat(h.os()).as(catalogue + " (p0f: " + p0f + ")").isEqualTo(label);
            assertThat(h.initialTtl()).as("initial TTL").isEqualTo(ttl);
        }));
    }
}
