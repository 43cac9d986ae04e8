package org.unveil.trace;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import org.unveil.capture.flow.FlowKey;

/**
 * What one tracer saw of one connection between two of its resets (its part of a file, or a stretch of it when
 * it had more connections than its budget): the pieces of a connection are folded into its totals in input order
 * ({@link ParallelTracer}), as if one tracer had read the whole input.
 *
 * <p>Public for engines that run the parts elsewhere and merge the pieces themselves ({@link PartTrace},
 * {@link ConnectionMerge}).
 *
 * @param order the tracer's resets before it: a tracer's pieces of one connection come in this order
 * @param matchedAt file offset of the record that matched, when {@code matched}
 * @param line the header or payload line that matched, or null
 */
public record ConnectionPiece(FlowKey key, long order, long first, long last, long packets, long bytes, boolean clientIsA,
        boolean bySyn, boolean matched, int fileIndex, long matchedAt, String line) {

    /** Connections by their canonical 5-tuple (protocol, then endpoint A, then B; addresses unsigned). */
    static final Comparator<FlowKey> KEY_ORDER = Comparator.comparingInt(FlowKey::protocol)
            .thenComparing(FlowKey::addressAHigh, Long::compareUnsigned)
            .thenComparing(FlowKey::addressALow, Long::compareUnsigned)
            .thenComparingInt(FlowKey::portA)
            .thenComparing(FlowKey::addressBHigh, Long::compareUnsigned)
            .thenComparing(FlowKey::addressBLow, Long::compareUnsigned)
            .thenComparingInt(FlowKey::portB);

    /** A connection's pieces of one tracer side by side, in input order. */
    static final Comparator<ConnectionPiece> BY_KEY = Comparator.comparing(ConnectionPiece::key, KEY_ORDER)
            .thenComparingLong(ConnectionPiece::order);

    /** Pieces on disk: the key's seven fields, the totals, the flags in one byte, the match and its line. */
    static final SortedSpill.Codec<ConnectionPiece> CODEC = new SortedSpill.Codec<>() {
        @Override
        public void write(ConnectionPiece p, DataOutput out) throws IOException {
            writeKey(p.key(), out);
            out.writeLong(p.order());
            out.writeLong(p.first());
            out.writeLong(p.last());
            out.writeLong(p.packets());
            out.writeLong(p.bytes());
            out.writeByte((p.clientIsA() ? 1 : 0) | (p.bySyn() ? 2 : 0) | (p.matched() ? 4 : 0)
                    | (p.line() != null ? 8 : 0));
            out.writeInt(p.fileIndex());
            out.writeLong(p.matchedAt());
            if (p.line() != null) {
                out.writeUTF(p.line());
            }
        }

        @Override
        public ConnectionPiece read(DataInput in) throws IOException {
            FlowKey key = readKey(in);
            long order = in.readLong();
            long first = in.readLong();
            long last = in.readLong();
            long packets = in.readLong();
            long bytes = in.readLong();
            int flags = in.readByte();
            int fileIndex = in.readInt();
            long matchedAt = in.readLong();
            String line = (flags & 8) != 0 ? in.readUTF() : null;
            return new ConnectionPiece(key, order, first, last, packets, bytes, (flags & 1) != 0, (flags & 2) != 0,
                    (flags & 4) != 0, fileIndex, matchedAt, line);
        }
    };

    static void writeKey(FlowKey k, DataOutput out) throws IOException {
        out.writeInt(k.protocol());
        out.writeLong(k.addressAHigh());
        out.writeLong(k.addressALow());
        out.writeInt(k.portA());
        out.writeLong(k.addressBHigh());
        out.writeLong(k.addressBLow());
        out.writeInt(k.portB());
    }

    static FlowKey readKey(DataInput in) throws IOException {
        return new FlowKey(in.readInt(), in.readLong(), in.readLong(), in.readInt(), in.readLong(), in.readLong(),
                in.readInt());
    }
}
