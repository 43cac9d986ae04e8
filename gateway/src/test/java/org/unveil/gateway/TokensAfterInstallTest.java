package org.unveil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.glob.Message;
import org.unveil.glob.PortRange;
import org.unveil.glob.RuleState;
import org.unveil.glob.Transport;

class TokensAfterInstallTest {
    private final List<String> wire = new ArrayList<>();
    private final Transport network = new Transport() {
        @Override
        public void send(int to, Message message) {
            wire.add(to + ":" + message.getClass().getSimpleName());
        }

        @Override
        public void broadcast(Message message) {
            wire.add("*:" + message.getClass().getSimpleName());
        }
    };

    @Test
    void aTokenLeavesOnlyWhenReleasedWhileEverythingElsePassesAtOnce() {
        TokensAfterInstall outbox = new TokensAfterInstall(network);
        RuleState rule = new RuleState(2, PortRange.ALL, new PortRange(0, 32767), 0, 1, 10, 0, 0);
        outbox.send(1, new Message.Token(0, 7, 0, rule));
        outbox.send(2, new Message.TokenAck(0, 5));
        outbox.broadcast(new Message.Heartbeat(0, 0));
        assertThat(wire).containsExactly("2:TokenAck", "*:Heartbeat");
        outbox.release();
        assertThat(wire).containsExactly("2:TokenAck", "*:Heartbeat", "1:Token");
        outbox.release();
        assertThat(wire).hasSize(3); // sent once
    }
}
