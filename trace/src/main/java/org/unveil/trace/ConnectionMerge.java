package org.unveil.trace;

import java.util.Comparator;
import org.unveil.capture.flow.FlowKey;

/**
 * One connection's totals as its pieces are folded in, in input order (files in order, each file's parts in order,
 * each tracer's pieces in {@link ConnectionPiece#order}): the one merge of {@link ParallelTracer}, and of an engine
 * that traces the parts elsewhere ({@link PartTrace}) and gathers a connection's pieces by 5-tuple.
 */
public final class ConnectionMerge {
    /** The order of the output: first packet time, then 5-tuple. */
    public static final Comparator<ConnectionPiece> OUTPUT_ORDER = Comparator.comparingLong(ConnectionPiece::first)
            .thenComparing(ConnectionPiece::key, ConnectionPiece.KEY_ORDER);

    private FlowKey key;
    private int matchFile;
    private long matchAt;
    private String line;
    private boolean taken;
    private boolean seen;
    private boolean bySyn;
    private boolean clientIsA;
    private long first;
    private long last;
    private long packets;
    private long bytes;

    /** The connection's key, null before the first piece. */
    public FlowKey key() {
        return key;
    }

    /** Folds in the next piece of the connection, in input order. */
    public void add(ConnectionPiece p) {
        key = p.key();
        // pieces come in input order, so only a look-ahead match can precede one already taken
        if (p.matched() && (!taken || (matchFile == p.fileIndex() && p.matchedAt() < matchAt))) {
            matchFile = p.fileIndex();
            matchAt = p.matchedAt();
            line = p.line();
            taken = true;
        }
        if (p.packets() == 0) {
            return;
        }
        if (!seen) {
            seen = true;
            first = p.first();
            clientIsA = p.clientIsA();
            bySyn = p.bySyn();
        } else if (!bySyn && p.bySyn()) {
            clientIsA = p.clientIsA();
            bySyn = true;
        }
        last = p.last();
        packets += p.packets();
        bytes += p.bytes();
    }

    /** The whole connection as one piece when a piece matched, else null. */
    public ConnectionPiece matched() {
        return taken ? new ConnectionPiece(key, 0, first, last, packets, bytes, clientIsA, bySyn, true, matchFile,
                matchAt, line) : null;
    }

    /** A merged piece as the connection reported, oriented client → server. */
    public static TracedConnection connection(ConnectionPiece p) {
        FlowKey k = p.key();
        boolean a = p.clientIsA();
        return new TracedConnection(k.protocol(), a ? k.addressA() : k.addressB(), a ? k.portA() : k.portB(),
                a ? k.addressB() : k.addressA(), a ? k.portB() : k.portA(), p.first(), p.last(), p.packets(),
                p.bytes(), p.line());
    }
}
