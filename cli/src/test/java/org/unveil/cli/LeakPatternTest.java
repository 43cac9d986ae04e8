package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mutation sweep's test for Java internals in a message: catches them, and passes plain words. */
class LeakPatternTest {
    @Test
    void javaInternalsAreCaught() {
        for (String line : List.of(
                "unveil: internal error: java.lang.IllegalStateException: oops",
                "unveil: m.pcap: java.nio.BufferUnderflowException",
                "unveil: m.pcap: NullPointerException",
                "unveil: m.pcap: Cannot invoke \"String.length()\" because e is a ReaderException",
                "unveil: out of memory: OutOfMemoryError",
                "unveil: m.pcap: StackOverflowError",
                "unveil: m.pcap: org.unveil.capture.pcap.PcapReader$Record",
                "unveil: value [B@4aa298b7",
                "unveil: packet Packet@1b6d3586",
                "\tat org.unveil.capture.Captures.open(Captures.java:41)",
                "unveil: Caused by: something",
                "unveil: m.pcap: (null)",
                "unveil: m.pcap: null",
                "unveil: m.pcap: sun.nio.fs.UnixException")) {
            assertThat(MutatedCapturesTest.LEAK.matcher(line).find()).as(line).isTrue();
        }
    }

    @Test
    void plainWordsPass() {
        for (String line : List.of(
                "unveil: /tmp/junit-123/m-17.pcap: byte 24: a record of 70000 bytes is longer than the snaplen 65535",
                "unveil: m.pcap.gz: gzip header damaged: the header is cut short at byte 6",
                "unveil: --threads: 0 is not between 1 and 8 (try 'unveil stats --help')",
                "unveil: m.pcap: 3 packets with malformed headers, 1 cut short by the snaplen, none left out",
                "unveil: 203.0.113.1: at most 4096 flows kept; the rest are approximated",
                "unveil: -f: 'tcp prot 80': syntax error in filter expression",
                "unveil: internal error: set UNVEIL_DEBUG=1 for details and please report it",
                "unveil: r.html: could not be written: No space left on device")) {
            assertThat(MutatedCapturesTest.LEAK.matcher(line).find()).as(line).isFalse();
        }
    }
}
