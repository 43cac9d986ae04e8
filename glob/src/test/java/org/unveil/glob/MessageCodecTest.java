package org.unveil.glob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static final RuleState RULE = new RuleState(9, new PortRange(0, 32767), new PortRange(16384, 32767), 2,
            RuleState.NO_BACKUP, 12.5, -7, (3L << 32) | 11);

    private static Message roundTrip(Message message) {
        ByteBuffer buffer = ByteBuffer.allocate(MessageCodec.MAX_BYTES);
        MessageCodec.encode(message, buffer);
        buffer.flip();
        return MessageCodec.decode(buffer);
    }

    @Test
    void everyMessageSurvivesTheWire() {
        List<Message> messages = List.of(
                new Message.State(3, 0.25, 123456789L, List.of(RULE, RULE)),
                new Message.Backup(1, List.of(4L, 5L), List.of(RULE)),
                new Message.Token(0, (5L << 48) | 2, -99, RULE),
                new Message.TokenAck(2, 77), new Message.Cancel(2, 78), new Message.Heartbeat(511, 42));
        for (Message message : messages) {
            assertThat(roundTrip(message)).isEqualTo(message);
        }
    }

    @Test
    void garbageIsRefusedInPlainWords() {
        assertThatThrownBy(() -> MessageCodec.decode(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7})))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a GLOB control message");
        ByteBuffer cut = ByteBuffer.allocate(256);
        MessageCodec.encode(new Message.State(1, 0.5, 1, List.of(RULE)), cut);
        cut.flip().limit(30);
        assertThatThrownBy(() -> MessageCodec.decode(cut)).hasMessageContaining("GLOB control message");
    }
}
