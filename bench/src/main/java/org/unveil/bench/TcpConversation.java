package org.unveil.bench;

import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.frame.OptionLayout;
import org.unveil.generator.stack.Rng;

/**
 * A TCP connection from three-way handshake to FIN exchange. It cuts an application's messages into
 * MSS-sized segments, has the receiver acknowledge every one or two of them as delayed ACKs do, lets a
 * reply carry the acknowledgment of the message it answers, and keeps sequence numbers and timestamps
 * consistent so that tshark's TCP analysis finds nothing missing.
 */
final class TcpConversation extends Flow {
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    private enum Phase { SYN, SYN_ACK, HANDSHAKE_ACK, DATA, CLIENT_FIN, SERVER_FIN, LAST_ACK }

    private Application app;
    private Phase phase;
    private long clientSeq;
    private long serverSeq;
    /** Last TSval each side sent: the other side echoes it as TSecr. */
    private long clientTsval;
    private long serverTsval;
    private boolean timestamps;
    private int mss;
    private int segmentSize;
    private int ackEvery;
    private int unacknowledged;
    private boolean ackDue;
    private int offset;

    TcpConversation(Rng rng) {
        super(rng);
    }

    /** Starts the connection once {@link #bind} has chosen its ends; {@code ackEvery} is 1 or 2 segments. */
    void start(Application application, int ackEverySegments) {
        app = application;
        phase = Phase.SYN;
        clientSeq = rng.nextU32();
        serverSeq = rng.nextU32();
        clientTsval = 0;
        serverTsval = 0;
        // the server only answers with timestamps when the client offered them (RFC 7323 section 3.2)
        timestamps = client.os.timestamps;
        mss = v6 ? 1440 : 1460;
        segmentSize = mss - (timestamps ? OptionLayout.ESTABLISHED_LENGTH : 0);
        ackEvery = ackEverySegments;
        unacknowledged = 0;
        ackDue = false;
        offset = 0;
    }

    @Override
    boolean emit(FrameWriter w, long elapsedNanos) {
        switch (phase) {
            case SYN -> {
                handshake(w, elapsedNanos, true);
                clientSeq++;
                phase = Phase.SYN_ACK;
            }
            case SYN_ACK -> {
                handshake(w, elapsedNanos, false);
                serverSeq++;
                phase = Phase.HANDSHAKE_ACK;
            }
            case HANDSHAKE_ACK -> {
                segment(w, elapsedNanos, true, ACK, 0);
                phase = app.next(elapsedNanos) ? Phase.DATA : Phase.CLIENT_FIN;
            }
            case DATA -> data(w, elapsedNanos);
            case CLIENT_FIN -> {
                segment(w, elapsedNanos, true, FIN | ACK, 0);
                clientSeq++;
                phase = Phase.SERVER_FIN;
            }
            case SERVER_FIN -> {
                segment(w, elapsedNanos, false, FIN | ACK, 0);
                serverSeq++;
                phase = Phase.LAST_ACK;
            }
            case LAST_ACK -> {
                segment(w, elapsedNanos, true, ACK, 0);
                return false;
            }
        }
        return true;
    }

    private void data(FrameWriter w, long elapsedNanos) {
        boolean fromClient = app.fromClient();
        if (ackDue) {
            segment(w, elapsedNanos, !fromClient, ACK, 0);
            ackDue = false;
            return;
        }
        int length = Math.min(segmentSize, app.length() - offset);
        boolean last = offset + length == app.length();
        segment(w, elapsedNanos, fromClient, last ? PSH | ACK : ACK, length);
        if (fromClient) {
            clientSeq += length;
        } else {
            serverSeq += length;
        }
        offset += length;
        if (!last) {
            countUnacknowledged();
            return;
        }
        offset = 0;
        if (!app.next(elapsedNanos)) {
            phase = Phase.CLIENT_FIN; // the FIN acknowledges what is outstanding
        } else if (app.fromClient() != fromClient) {
            unacknowledged = 0; // the reply carries the acknowledgment
        } else {
            countUnacknowledged();
        }
    }

    private void countUnacknowledged() {
        if (++unacknowledged >= ackEvery) {
            ackDue = true;
            unacknowledged = 0;
        }
    }

    private void handshake(FrameWriter w, long elapsedNanos, boolean fromClient) {
        Host source = fromClient ? client : server;
        int l4 = open(w, fromClient, FrameWriter.PROTO_TCP, true);
        long tsval = source.tsval(elapsedNanos);
        int options = source.os.syn.layout().write(w.frame, l4 + 20, mss, source.os.syn.windowScale(), timestamps,
                tsval, fromClient ? 0 : clientTsval);
        remember(fromClient, tsval);
        w.tcp(l4, fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort,
                fromClient ? clientSeq : serverSeq, fromClient ? 0 : clientSeq, fromClient ? SYN : SYN | ACK,
                source.os.syn.window(), options);
        w.finish(20 + options, FrameWriter.PROTO_TCP, 16);
    }

    private void segment(FrameWriter w, long elapsedNanos, boolean fromClient, int flags, int payloadLength) {
        Host source = fromClient ? client : server;
        int l4 = open(w, fromClient, FrameWriter.PROTO_TCP, true);
        int options = 0;
        if (timestamps) {
            long tsval = source.tsval(elapsedNanos);
            options = OptionLayout.writeEstablished(w.frame, l4 + 20, tsval, fromClient ? serverTsval : clientTsval);
            remember(fromClient, tsval);
        }
        if (payloadLength > 0) {
            app.fill(w.frame, l4 + 20 + options, offset, payloadLength);
        }
        w.tcp(l4, fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort,
                fromClient ? clientSeq : serverSeq, fromClient ? serverSeq : clientSeq, flags, source.os.window,
                options);
        w.finish(20 + options + payloadLength, FrameWriter.PROTO_TCP, 16);
    }

    private void remember(boolean fromClient, long tsval) {
        if (fromClient) {
            clientTsval = tsval;
        } else {
            serverTsval = tsval;
        }
    }
}
