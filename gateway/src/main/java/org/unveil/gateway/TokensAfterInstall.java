package org.unveil.gateway;

import java.util.ArrayList;
import java.util.List;
import org.unveil.glob.Message;
import org.unveil.glob.Transport;

/**
 * Holds the engine's transfer tokens until the daemon has applied the nft transaction that stops this node
 * accepting the rule (Appendix 1: the sender disables the rule before the token leaves). Sent at once, a
 * token could let the receiver install the rule while this node's table still accepted it, and for those
 * few milliseconds a new connection's SYN was forwarded by both nodes. Everything else passes straight on.
 */
final class TokensAfterInstall implements Transport {
    private record Held(int to, Message.Token token) {
    }

    private final Transport network;
    private final List<Held> held = new ArrayList<>();

    TokensAfterInstall(Transport network) {
        this.network = network;
    }

    @Override
    public void send(int to, Message message) {
        if (message instanceof Message.Token token) {
            held.add(new Held(to, token));
        } else {
            network.send(to, message);
        }
    }

    @Override
    public void broadcast(Message message) {
        network.broadcast(message);
    }

    /** Sends the held tokens: the caller has installed the rules the engine accepts now. */
    void release() {
        for (Held token : held) {
            network.send(token.to(), token.token());
        }
        held.clear();
    }
}
