package org.unveil.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One direction's copies on a backup node, before they join the bytes the link brought. */
class CopySegmentsTest {
    private static byte[] bytes(int from, int length) {
        return ReplicaStreamTest.bytes(from, length);
    }

    /**
     * A third node starts copying mid-stream: the first segment it sees is the client's pure acknowledgement
     * (sequence number 5,031, its next byte), then the client retransmits 31 bytes from 5,000 that the node
     * being copied acknowledges. Stream byte 0 has sequence number 1,000, so they are bytes 4,000-4,030.
     */
    @Test
    void bytesBeforeTheFirstSegmentSeenAreKept() {
        CopyCapture.Segments s = new CopyCapture.Segments(5_031);
        s.put(5_000, bytes(0, 31), false);
        ReplicaStream stream = new ReplicaStream();
        stream.add(3_990, bytes(-10, 10)); // from the link
        s.into(stream, 1_000);
        assertThat(stream.contiguous(3_990)).isEqualTo(bytes(-10, 41));
    }

    @Test
    void sequenceNumbersWrappingPastZeroKeepTheirOrder() {
        CopyCapture.Segments s = new CopyCapture.Segments(-10);
        s.put(-10, bytes(0, 10), false);
        s.put(0, bytes(10, 10), true);
        ReplicaStream stream = new ReplicaStream();
        s.into(stream, -10);
        assertThat(stream.contiguous(0)).isEqualTo(bytes(0, 20));
        assertThat(stream.finAt).isEqualTo(20);
    }

    @Test
    void aRetransmissionSeenLongerReplacesTheShorterCopy() {
        CopyCapture.Segments s = new CopyCapture.Segments(0);
        s.put(0, bytes(0, 5), false);
        s.put(0, bytes(0, 12), false);
        s.put(0, bytes(0, 3), false);
        ReplicaStream stream = new ReplicaStream();
        s.into(stream, 0);
        assertThat(stream.contiguous(0)).isEqualTo(bytes(0, 12));
    }
}
