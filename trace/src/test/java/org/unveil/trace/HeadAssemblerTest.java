package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadAssemblerTest {

    static boolean add(HeadAssembler h, long sequence, String data) {
        byte[] b = data.getBytes(StandardCharsets.ISO_8859_1);
        return h.add(sequence, MemorySegment.ofArray(b), 0, b.length);
    }

    static String text(HeadAssembler h) {
        return new String(h.prefix().toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
    }

    @Test
    void segmentsOutOfOrderJoinOnceTheGapFills() {
        HeadAssembler h = new HeadAssembler();
        h.syn(999);
        assertThat(add(h, 1000, "GET / HT")).isTrue();
        assertThat(add(h, 1016, "\r\n")).isFalse(); // after a gap
        assertThat(add(h, 1008, "TP/1.1\r\n")).isTrue();
        assertThat(text(h)).isEqualTo("GET / HTTP/1.1\r\n\r\n");
        assertThat(h.done()).isTrue();
    }

    @Test
    void theFirstCopyOfEachByteWinsOverRetransmissionsAndOverlaps() {
        HeadAssembler h = new HeadAssembler();
        add(h, 5000, "GET /a");
        add(h, 5000, "XXXXXXXX"); // retransmission overlapping and extending
        add(h, 5008, " HTTP/1.1\r\n");
        assertThat(text(h)).isEqualTo("GET /aXX HTTP/1.1\r\n");
    }

    @Test
    void sequenceNumbersWrapAroundTwoToThe32() {
        HeadAssembler h = new HeadAssembler();
        h.syn(0xFFFF_FFFDL); // data starts at 0xFFFFFFFE
        add(h, 0xFFFF_FFFEL, "GE");
        add(h, 0, "T / HTTP/1.1\r\n");
        assertThat(text(h)).isEqualTo("GET / HTTP/1.1\r\n");
    }

    @Test
    void aSegmentStraddlingTheStartKeepsOnlyItsNewBytes() {
        HeadAssembler h = new HeadAssembler();
        h.syn(99);
        add(h, 98, "xxGET");
        assertThat(text(h)).isEqualTo("xGET".substring(1));
    }

    @Test
    void nothingPastTheWindowIsKeptAndAFullWindowEndsTheWork() {
        HeadAssembler h = new HeadAssembler();
        add(h, 0, "A".repeat(HeadAssembler.WINDOW + 100));
        assertThat(h.length()).isEqualTo(HeadAssembler.WINDOW);
        assertThat(h.done()).isTrue();
        assertThat(add(h, HeadAssembler.WINDOW + 500, "late")).isFalse();
    }
}
