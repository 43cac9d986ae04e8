package org.unveil.glob;

import java.util.List;

/** What GLOB nodes say to each other on the control network. */
public sealed interface Message {
    /** The sender's node id. */
    int from();

    /**
     * §12.3 step 1(f): the sender's load relative to the total it observed, and its local rules (so that
     * backups can check their view, and survivors can find rules nobody backs up when the sender fails).
     */
    record State(int from, double share, long sentAtNanos, List<RuleState> rules) implements Message {
    }

    /**
     * The receiver backs up {@code added} (rules whose primary is the sender) and no longer backs up the
     * rules {@code removed}: a nomination, a backup change, or a split or merge the backup must follow.
     */
    record Backup(int from, List<Long> removed, List<RuleState> added) implements Message {
    }

    /** Appendix 1, mark 2: take over this rule; {@code startedAtNanos} bounds how late it may be accepted. */
    record Token(int from, long session, long startedAtNanos, RuleState rule) implements Message {
    }

    /** The receiver of a token has the rule now. */
    record TokenAck(int from, long session) implements Message {
    }

    /** The sender gave up the transfer within its time bound and kept the rule: give it back if you took it. */
    record Cancel(int from, long session) implements Message {
    }

    /** The daemon's liveness signal (§12.3.3); the engine does not use it. */
    record Heartbeat(int from, long sentAtNanos) implements Message {
    }
}
