package org.unveil.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The backup's bytes of one direction: pieces from the link and from copies, overlapping, with gaps. */
class ReplicaStreamTest {
    /** Bytes numbered from {@code from}, so a piece out of place shows. */
    static byte[] bytes(int from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void overlappingPiecesGiveEachByteOnceInOrder() {
        ReplicaStream s = new ReplicaStream();
        s.add(0, bytes(0, 100));
        s.add(50, bytes(50, 100)); // a copy of a retransmission overlapping the link's piece
        s.add(150, bytes(150, 10));
        assertThat(s.contiguous(0)).isEqualTo(bytes(0, 160));
        assertThat(s.contiguous(120)).isEqualTo(bytes(120, 40));
        assertThat(s.end).isEqualTo(160);
    }

    @Test
    void aGapEndsWhatCanBeResumed() {
        ReplicaStream s = new ReplicaStream();
        s.add(0, bytes(0, 10));
        s.add(20, bytes(20, 10));
        assertThat(s.contiguous(0)).isEqualTo(bytes(0, 10));
        assertThat(s.contiguous(10)).isEmpty();
        assertThat(s.contiguous(25)).isEqualTo(bytes(25, 5));
    }

    @Test
    void acknowledgedBytesAreForgottenButAPieceStraddlingThePointIsKept() {
        ReplicaStream s = new ReplicaStream();
        s.add(0, bytes(0, 10));
        s.add(10, bytes(10, 10));
        s.add(20, bytes(20, 10));
        s.acknowledged(15);
        assertThat(s.bytesHeld()).isEqualTo(20);
        assertThat(s.contiguous(15)).isEqualTo(bytes(15, 15));
        s.add(0, bytes(0, 12)); // wholly acknowledged: not kept
        assertThat(s.bytesHeld()).isEqualTo(20);
        s.acknowledged(5); // an older count changes nothing
        assertThat(s.acked).isEqualTo(15);
    }

    @Test
    void theLongerOfTwoPiecesAtOneOffsetWins() {
        ReplicaStream s = new ReplicaStream();
        s.add(0, bytes(0, 4));
        s.add(0, bytes(0, 8));
        s.add(0, bytes(0, 2));
        assertThat(s.contiguous(0)).isEqualTo(bytes(0, 8));
        assertThat(Arrays.equals(s.contiguous(0), bytes(0, 8))).isTrue();
    }
}
