package org.unveil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TcpVerdictTest {
    private final List<ResponseRow> rows = new ArrayList<>();
    private final Map<Integer, SynAck> synAcks = new HashMap<>();

    /** One connection from local port 40000 + i, answered by {@code server}, whose SYN-ACK had these values. */
    private void connection(int i, String server, int ttl, long tsval, long nanos) {
        rows.add(new ResponseRow(nanos, 200, List.of(), server, 40000 + i, Double.NaN));
        synAcks.put(40000 + i, new SynAck(nanos, ttl, 65160, "mss1460,sack,ts,nop,ws7", tsval));
    }

    @Test
    void oneLinkedClockPerBackEndMeansTheirStacksPassThrough() {
        long[] offsets = {1_000_000L, 500_000_000L, 3_000_000_000L};
        for (int i = 0; i < 30; i++) {
            long ms = 1_700_000_000_000L + 10L * i;
            connection(i, "b" + (i % 3 + 1), 64, (offsets[i % 3] + ms) & 0xffffffffL, ms * 1_000_000);
        }
        TcpVerdict v = TcpVerdict.of(rows, synAcks);
        assertThat(v.terminatesTcp()).isFalse();
        assertThat(v.stacks()).isEqualTo(3);
        assertThat(v.connections()).isEqualTo(30);
        assertThat(v.why()).contains("TCP timestamp clocks").contains("each stack went with one HTTP back-end");
    }

    @Test
    void oneClockForSeveralBackEndsMeansTheBalancerTerminatesTcp() {
        for (int i = 0; i < 30; i++) {
            long ms = 1_700_000_000_000L + 10L * i;
            connection(i, "b" + (i % 3 + 1), 64, (77_000L + ms) & 0xffffffffL, ms * 1_000_000);
        }
        TcpVerdict v = TcpVerdict.of(rows, synAcks);
        assertThat(v.terminatesTcp()).isTrue();
        assertThat(v.stacks()).isEqualTo(1);
        assertThat(v.why()).contains("3 back-ends answered HTTP");
    }

    @Test
    void clocksDrawnAnewPerConnectionFallBackToSignatures() {
        Random random = new Random(7);
        int[] ttls = {63, 127, 254};
        for (int i = 0; i < 30; i++) {
            long ms = 1_700_000_000_000L + 10L * i;
            connection(i, "b" + (i % 3 + 1), ttls[i % 3], random.nextInt() & 0xffffffffL, ms * 1_000_000);
        }
        TcpVerdict v = TcpVerdict.of(rows, synAcks);
        assertThat(v.terminatesTcp()).isFalse();
        assertThat(v.stacks()).isEqualTo(3);
        assertThat(v.why()).contains("start anew on each connection");
    }

    @Test
    void oneSignatureWithoutLinkedClocksProvesNothing() {
        Random random = new Random(8);
        for (int i = 0; i < 30; i++) {
            long ms = 1_700_000_000_000L + 10L * i;
            connection(i, "b" + (i % 3 + 1), 64, random.nextInt() & 0xffffffffL, ms * 1_000_000);
        }
        TcpVerdict v = TcpVerdict.of(rows, synAcks);
        assertThat(v.terminatesTcp()).isNull();
        assertThat(v.stacks()).isEqualTo(1);
    }

    @Test
    void tooFewCapturedSynAcksCannotTell() {
        connection(0, "b1", 64, 5, 1_000_000);
        rows.add(new ResponseRow(2, 200, List.of(), "b2", 50000, Double.NaN)); // its SYN-ACK was not captured
        TcpVerdict v = TcpVerdict.of(rows, synAcks);
        assertThat(v.terminatesTcp()).isNull();
        assertThat(v.why()).isEqualTo("only 1 of 2 connections' SYN-ACKs were captured");
    }
}
