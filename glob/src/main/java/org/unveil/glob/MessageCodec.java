package org.unveil.glob;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The wire format of {@link Message}s on the control network: one message a datagram, big-endian. */
public final class MessageCodec {
    /** Larger than any datagram a cluster of up to 512 nodes sends (a state lists at most ~1,400 rules). */
    public static final int MAX_BYTES = 65_507;
    private static final int MAGIC = 0x474C4F42; // "GLOB"
    private static final byte STATE = 1;
    private static final byte BACKUP = 2;
    private static final byte TOKEN = 3;
    private static final byte ACK = 4;
    private static final byte CANCEL = 5;
    private static final byte HEARTBEAT = 6;

    private MessageCodec() {
    }

    /** Writes {@code message} into {@code out} from its position. */
    public static void encode(Message message, ByteBuffer out) {
        out.putInt(MAGIC);
        switch (message) {
            case Message.State m -> {
                out.put(STATE).putShort((short) m.from()).putDouble(m.share()).putLong(m.sentAtNanos());
                rules(m.rules(), out);
            }
            case Message.Backup m -> {
                out.put(BACKUP).putShort((short) m.from()).putInt(m.removed().size());
                m.removed().forEach(out::putLong);
                rules(m.added(), out);
            }
            case Message.Token m -> {
                out.put(TOKEN).putShort((short) m.from()).putLong(m.session()).putLong(m.startedAtNanos());
                rule(m.rule(), out);
            }
            case Message.TokenAck m -> out.put(ACK).putShort((short) m.from()).putLong(m.session());
            case Message.Cancel m -> out.put(CANCEL).putShort((short) m.from()).putLong(m.session());
            case Message.Heartbeat m -> out.put(HEARTBEAT).putShort((short) m.from()).putLong(m.sentAtNanos());
        }
    }

    /** Reads one message; throws IllegalArgumentException for anything that is not one. */
    public static Message decode(ByteBuffer in) {
        try {
            if (in.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a GLOB control message");
            }
            byte kind = in.get();
            int from = in.getShort();
            return switch (kind) {
                case STATE -> new Message.State(from, in.getDouble(), in.getLong(), rules(in));
                case BACKUP -> {
                    int n = count(in, 8);
                    List<Long> removed = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        removed.add(in.getLong());
                    }
                    yield new Message.Backup(from, List.copyOf(removed), rules(in));
                }
                case TOKEN -> new Message.Token(from, in.getLong(), in.getLong(), rule(in));
                case ACK -> new Message.TokenAck(from, in.getLong());
                case CANCEL -> new Message.Cancel(from, in.getLong());
                case HEARTBEAT -> new Message.Heartbeat(from, in.getLong());
                default -> throw new IllegalArgumentException("unknown GLOB message kind " + kind);
            };
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("GLOB control message cut short");
        }
    }

    private static void rules(List<RuleState> rules, ByteBuffer out) {
        out.putInt(rules.size());
        rules.forEach(rule -> rule(rule, out));
    }

    private static void rule(RuleState rule, ByteBuffer out) {
        out.putLong(rule.id())
                .putChar((char) rule.internal().lo()).putChar((char) rule.internal().hi())
                .putChar((char) rule.external().lo()).putChar((char) rule.external().hi())
                .putShort((short) rule.primary()).putShort((short) rule.backup()).putDouble(rule.load())
                .putLong(rule.bornNanos()).putLong(rule.bornSeq());
    }

    private static List<RuleState> rules(ByteBuffer in) {
        int n = count(in, 44);
        List<RuleState> rules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rules.add(rule(in));
        }
        return List.copyOf(rules);
    }

    private static RuleState rule(ByteBuffer in) {
        long id = in.getLong();
        PortRange internal = new PortRange(in.getChar(), in.getChar());
        PortRange external = new PortRange(in.getChar(), in.getChar());
        return new RuleState(id, internal, external, in.getShort(), in.getShort(), in.getDouble(), in.getLong(),
                in.getLong());
    }

    private static int count(ByteBuffer in, int bytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * bytesEach > in.remaining()) {
            throw new IllegalArgumentException("GLOB control message lists more than it holds");
        }
        return n;
    }
}
