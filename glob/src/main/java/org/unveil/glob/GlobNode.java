package org.unveil.glob;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One GLOB node, the thesis's lbmodel instance (§12.3): it holds only its own rules, the rules it backs up
 * and its peers' reported loads, talks to its peers through a {@link Transport} and reads a {@link Clock}.
 * The simulator runs one per simulated node; the gateway daemon runs one per host. Not thread-safe: the
 * caller serialises {@link #receive}, {@link #measure}, {@link #decide}, {@link #tick} and the counting.
 */
public final class GlobNode {
    /** §12.3 step 1(a) drops remote entries "not updated in a number of polling cycles"; we use three. */
    static final int STALE_POLLS = 3;
    private static final Comparator<Rule> HEAVIEST_FIRST =
            Comparator.comparingDouble(Rule::load).reversed().thenComparing(Rule.BY_BIRTH);
    private static final Comparator<Rule> BY_ID = Comparator.comparingLong(Rule::id);

    private final int id;
    private final GlobConfig config;
    private final TransferTiming timing;
    private final Transport transport;
    private final Clock clock;
    /** This node's view of who is alive: what its heartbeat monitor reports (§12.3.3). */
    private final boolean[] alive;
    private int liveCount;
    /** Rules this node is primary of, in creation order. */
    private final List<Rule> local = new ArrayList<>();
    /** Rules of peers this node backs up, by id. */
    private final Map<Long, Rule> backedUp = new HashMap<>();
    private final PeerLoads peers;
    /** When each peer last told this node about backups; older state broadcasts must not undo that. */
    private final long[] lastNotified;
    /** Exponential average of all bytes this node saw (every node sees every packet, §12.1). */
    private double total;
    private long pollBytes;
    private boolean splitRequired;
    /** A transfer of this poll is under way: the rest of the poll runs when it ends. */
    private boolean awaiting;
    private double awaitingMean;

    private enum Shift { NONE, PENDING, FAILED }
    private final Map<Long, Outgoing> outgoing = new HashMap<>();
    /** Tokens this node accepted: session -> the adoption, so a cancel or a duplicate can be answered. */
    private final Map<Long, Adoption> adopted = new HashMap<>();
    private long sessions;
    private long handedOver;
    private int births;

    private static final class Outgoing {
        final Rule rule;
        final int to;
        final long startedAt;
        int sent;
        long nextSendAt;

        Outgoing(Rule rule, int to, long startedAt) {
            this.rule = rule;
            this.to = to;
            this.startedAt = startedAt;
        }
    }

    private record Adoption(long ruleId, int from, long atNanos) {
    }

    /**
     * A node of a cluster whose node ids are below {@code capacity}; {@code live} are the nodes alive when it
     * starts (itself included). The founder starts with the single rule allowing any port pair (§12.3).
     */
    public GlobNode(int id, int capacity, boolean[] live, boolean founder, GlobConfig config, TransferTiming timing,
            Transport transport, Clock clock) {
        if (id < 0 || id >= capacity || live.length != capacity || !live[id]) {
            throw new IllegalArgumentException("node " + id + " outside 0.." + (capacity - 1) + " or not live");
        }
        this.id = id;
        this.config = config;
        this.timing = timing;
        this.transport = transport;
        this.clock = clock;
        this.alive = live.clone();
        for (boolean a : alive) {
            liveCount += a ? 1 : 0;
        }
        this.peers = new PeerLoads(capacity);
        this.lastNotified = new long[capacity];
        java.util.Arrays.fill(lastNotified, Long.MIN_VALUE);
        if (founder) {
            local.add(new Rule(1, PortRange.ALL, PortRange.ALL, id, RuleState.NO_BACKUP, 0, Long.MIN_VALUE, 0));
        }
    }

    public int id() {
        return id;
    }

    // ---- packets and counters ----

    /**
     * Adds {@code bytes} to the accepting local rule containing the port pair and returns true, or returns
     * false when no such rule does (no allocation: the simulator calls this for every packet).
     */
    public boolean count(int internalPort, int externalPort, long bytes) {
        return count(internalPort, externalPort, bytes, false);
    }

    /**
     * As {@link #count} for a rule this node is handing over: nobody accepts its packets until the transfer
     * ends (§12.3.2); the simulator books them here when no node accepts them.
     */
    public boolean countInTransit(int internalPort, int externalPort, long bytes) {
        return count(internalPort, externalPort, bytes, true);
    }

    private boolean count(int internalPort, int externalPort, long bytes, boolean inTransit) {
        for (int i = 0, n = local.size(); i < n; i++) {
            Rule rule = local.get(i);
            if (rule.inTransit() == inTransit && rule.contains(internalPort, externalPort)) {
                rule.count(bytes);
                return true;
            }
        }
        return false;
    }

    /** Adds bytes a packet counter reported for local rule {@code ruleId} (the daemon's nft counters). */
    public void countRule(long ruleId, long bytes) {
        for (Rule rule : local) {
            if (rule.id() == ruleId) {
                rule.count(bytes);
                return;
            }
        }
    }

    /** Bytes this node saw cross the cluster, whichever node handled them. */
    public void observe(long bytes) {
        pollBytes += bytes;
    }

    // ---- the poll (§12.3 step 1) ----

    /** Step 1(b): the counters are read and the loads averaged; nothing is modified in the new poll yet. */
    public void measure() {
        double h = config.historyFactor();
        for (Rule rule : local) {
            rule.endPoll(h);
        }
        total = total * h + pollBytes * (1 - h);
        pollBytes = 0;
    }

    /** Steps 1(a) and 1(c)-(f): split, merge, nominate backups, shed load, rebalance backups, broadcast. */
    public void decide() {
        long now = clock.nanos();
        peers.dropOlderThan(now - STALE_POLLS * config.pollIntervalNanos());
        double mean = total / liveCount;
        if (splitRequired || local.size() == 1) {
            splitHeaviest();
        }
        splitRequired = false;
        if (config.merge()) {
            mergeIdle(mean);
        }
        nominateBackups();
        Shift shift = shedLoad(mean);
        if (shift == Shift.PENDING) {
            // §12.3.2 waits for the transfer to complete or fail before the poll goes on
            awaiting = true;
            awaitingMean = mean;
            return;
        }
        finishPoll(mean, shift == Shift.FAILED);
    }

    /** Step 1(e)v and 1(f), once the poll's transfer, if any, has ended. */
    private void finishPoll(double mean, boolean shiftFailed) {
        rebalanceBackups(mean, shiftFailed);
        List<RuleState> states = new ArrayList<>(local.size());
        double own = 0;
        for (Rule rule : local) {
            states.add(rule.state());
            own += rule.load();
        }
        transport.broadcast(new Message.State(id, total > 0 ? own / total : 0, clock.nanos(), List.copyOf(states)));
    }

    /** The poll of a node on its own: measure, then decide. */
    public void poll() {
        measure();
        decide();
    }

    /**
     * Step 1(d). A rule already modified in this poll (e.g. just received) is left alone, like condition A of
     * step 1(e)iii: in §12.3.4 node 2 splits rule 3 only in the poll after receiving it.
     */
    private void splitHeaviest() {
        Rule rule = heaviest(r -> !r.modified() && r.splittable() && !r.inTransit());
        if (rule == null) {
            return;
        }
        long now = clock.nanos();
        Rule[] halves = rule.halves(now, nextBirth(), nextBirth());
        local.remove(rule);
        insert(halves[0]);
        insert(halves[1]);
        if (rule.hasBackup()) {
            // §12.3.1: the shared backup is notified
            transport.send(rule.backup(), new Message.Backup(id, List.of(rule.id()),
                    List.of(halves[0].state(), halves[1].state())));
        }
    }

    /**
     * §12.5.3: two sibling rules of this node that together carry less than the threshold's slack (10% of
     * the mean share at 1.1) and that nothing touched this poll become their parent again.
     */
    private void mergeIdle(double mean) {
        double idle = (config.threshold() - 1) * mean;
        for (Rule rule : List.copyOf(local)) {
            if (rule.id() == 1 || rule.modified() || rule.inTransit() || !local.contains(rule)) {
                continue;
            }
            Rule sibling = localRule(rule.id() ^ 1);
            if (sibling == null || sibling.modified() || sibling.inTransit()
                    || rule.load() + sibling.load() >= idle) {
                continue;
            }
            Rule low = rule.id() < sibling.id() ? rule : sibling;
            Rule high = low == rule ? sibling : rule;
            Rule whole = Rule.merged(low, high, clock.nanos(), nextBirth());
            local.remove(low);
            local.remove(high);
            insert(whole);
            if (whole.hasBackup()) {
                transport.send(whole.backup(), new Message.Backup(id, List.of(low.id(), high.id()),
                        List.of(whole.state())));
            }
            Rule other = whole.backup() == low.backup() ? high : low;
            if (other.hasBackup() && other.backup() != whole.backup()) {
                transport.send(other.backup(), new Message.Backup(id, List.of(other.id()), List.of()));
            }
        }
    }

    /** Step 1(e)i: backups go to the node with the lowest real + backup load, heaviest rule first. */
    private void nominateBackups() {
        double[] backupLoads = backupLoads();
        List<Rule> without = rules(r -> !r.hasBackup());
        without.sort(HEAVIEST_FIRST);
        for (Rule rule : without) {
            int best = -1;
            double bestLoad = Double.POSITIVE_INFINITY;
            for (int node = 0; node < alive.length; node++) {
                if (node != id && alive[node]) {
                    double load = peers.load(node, total) + backupLoads[node];
                    if (load < bestLoad) {
                        best = node;
                        bestLoad = load;
                    }
                }
            }
            if (best >= 0) {
                rule.nominateBackup(best);
                backupLoads[best] += rule.load();
                transport.send(best, new Message.Backup(id, List.of(), List.of(rule.state())));
            }
        }
    }

    /**
     * Steps 1(e)ii-iv. FAILED when this node was overloaded and found no rule to shift: then the next poll
     * must split (step 1(d)) and a backup change is forced (step 1(e)v); a transfer that fails (no
     * acknowledgement within the time bound) has the same effect. PENDING while a transfer is under way.
     */
    private Shift shedLoad(double mean) {
        double own = ownLoad();
        double limit = mean * config.threshold();
        if (own <= limit) {
            return Shift.NONE;
        }
        Rule best = null;
        double bestGap = Math.abs(own - mean);
        for (Rule rule : local) {
            if (rule.modified() || !rule.hasBackup() || rule.inTransit()) {
                continue; // A: changes must reach the backup before the rule moves
            }
            if (peers.load(rule.backup(), total) + rule.load() > limit) {
                continue; // B: no cascading shifts
            }
            // C: closest to the mean; only a move that gets closer at all "approaches" it
            double gap = Math.abs(own - rule.load() - mean);
            if (gap < bestGap) {
                best = rule;
                bestGap = gap;
            }
        }
        if (best != null) {
            long session = startTransfer(best);
            return outgoing.containsKey(session) ? Shift.PENDING : Shift.NONE;
        }
        splitRequired = true;
        return Shift.FAILED;
    }

    /**
     * Step 1(e)v: move one rule's backup from the heaviest node backing up a local rule to the lightest
     * node, when that balances the load expected after this node fails by more than the margin.
     */
    private void rebalanceBackups(double mean, boolean forced) {
        double[] totals = backupLoads();
        boolean[] backsUpLocalRule = new boolean[alive.length];
        for (Rule rule : local) {
            if (rule.hasBackup()) {
                backsUpLocalRule[rule.backup()] = true;
            }
        }
        int heaviest = -1;
        int lightest = -1;
        for (int node = 0; node < alive.length; node++) {
            if (node == id || !alive[node]) {
                continue;
            }
            totals[node] += peers.load(node, total);
            if (backsUpLocalRule[node] && (heaviest < 0 || totals[node] > totals[heaviest])) {
                heaviest = node;
            }
            if (lightest < 0 || totals[node] < totals[lightest]) {
                lightest = node;
            }
        }
        if (heaviest < 0 || heaviest == lightest) {
            return;
        }
        double before = Math.abs(totals[heaviest] - mean) + Math.abs(totals[lightest] - mean);
        Rule best = null;
        double bestAfter = Double.POSITIVE_INFINITY;
        for (Rule rule : local) {
            if (rule.backup() != heaviest || rule.modified() || rule.inTransit()) {
                continue;
            }
            double after = Math.abs(totals[heaviest] - rule.load() - mean)
                    + Math.abs(totals[lightest] + rule.load() - mean);
            if (after < bestAfter) {
                best = rule;
                bestAfter = after;
            }
        }
        if (best != null && (forced || before - bestAfter > config.backupMargin() * total)) {
            int old = best.backup();
            best.nominateBackup(lightest);
            // old and new backup are told (§12.3)
            transport.send(old, new Message.Backup(id, List.of(best.id()), List.of()));
            transport.send(lightest, new Message.Backup(id, List.of(), List.of(best.state())));
        }
    }

    /** Step 1(c): per node, the load of the local rules it backs up. */
    private double[] backupLoads() {
        double[] loads = new double[alive.length];
        for (Rule rule : local) {
            if (rule.hasBackup()) {
                loads[rule.backup()] += rule.load();
            }
        }
        return loads;
    }

    // ---- rule transfer (§12.3.2, Appendix 1 mark 2) ----

    private long startTransfer(Rule rule) {
        long now = clock.nanos();
        long session = ((long) id << 48) | ++sessions;
        Outgoing transfer = new Outgoing(rule, rule.backup(), now);
        rule.inTransit(true);
        outgoing.put(session, transfer);
        sendToken(session, transfer, now);
        return session;
    }

    private void sendToken(long session, Outgoing transfer, long now) {
        transfer.sent++;
        transfer.nextSendAt = now + timing.retransmitNanos();
        transport.send(transfer.to, new Message.Token(id, session, transfer.startedAt, transfer.rule.state()));
    }

    /** Retransmits unacknowledged tokens and gives up transfers past their bound; cheap when none is open. */
    public void tick() {
        if (outgoing.isEmpty()) {
            return;
        }
        long now = clock.nanos();
        for (Iterator<Map.Entry<Long, Outgoing>> it = outgoing.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Outgoing> entry = it.next();
            Outgoing transfer = entry.getValue();
            if (now < transfer.nextSendAt) {
                continue;
            }
            if (transfer.sent < timing.attempts() && alive[transfer.to]) {
                sendToken(entry.getKey(), transfer, now);
                continue;
            }
            // no acknowledgement within the bound: keep the rule, tell the peer, split and move a backup next poll
            it.remove();
            transfer.rule.inTransit(false);
            for (int i = 0; i < timing.cancels(); i++) {
                transport.send(transfer.to, new Message.Cancel(id, entry.getKey()));
            }
            splitRequired = true;
            if (awaiting) {
                awaiting = false;
                finishPoll(awaitingMean, true);
            }
        }
    }

    /** Rules this node handed to a peer so far (transfers acknowledged, Appendix 1). */
    public long handedOver() {
        return handedOver;
    }

    /** Whether a transfer this node started is still waiting for its acknowledgement. */
    public boolean transferring() {
        return !outgoing.isEmpty();
    }

    // ---- messages ----

    /** A message from a peer. */
    public void receive(Message message) {
        switch (message) {
            case Message.State state -> receiveState(state);
            case Message.Backup backup -> receiveBackup(backup);
            case Message.Token token -> receiveToken(token);
            case Message.TokenAck ack -> receiveAck(ack);
            case Message.Cancel cancel -> receiveCancel(cancel);
            case Message.Heartbeat ignored -> { }
        }
    }

    private void receiveState(Message.State state) {
        if (!alive[state.from()] || !peers.receive(state)) {
            return;
        }
        for (RuleState rule : state.rules()) {
            Rule mine = localRule(rule.id());
            if (mine != null && !mine.inTransit()) {
                // both claim it: a token whose acknowledgements and cancels were all lost. The sender kept
                // it (it says so after the transfer began), so the adoption is undone.
                Adoption adoption = adoptionOf(rule.id(), state.from());
                if (adoption != null && state.sentAtNanos() > adoption.atNanos()) {
                    local.remove(mine);
                    backedUp.put(rule.id(), Rule.of(rule));
                }
            }
        }
        if (state.sentAtNanos() < lastNotified[state.from()]) {
            return; // older than a backup notification from that peer
        }
        // repair this node's backup view from the peer's own list (notifications can be lost on a network)
        backedUp.values().removeIf(rule -> rule.primary() == state.from());
        for (RuleState rule : state.rules()) {
            if (rule.backup() == id && localRule(rule.id()) == null) {
                backedUp.put(rule.id(), Rule.of(rule));
            }
        }
    }

    private Adoption adoptionOf(long ruleId, int from) {
        for (Adoption adoption : adopted.values()) {
            if (adoption.ruleId() == ruleId && adoption.from() == from) {
                return adoption;
            }
        }
        return null;
    }

    private void receiveBackup(Message.Backup backup) {
        lastNotified[backup.from()] = clock.nanos();
        for (long removed : backup.removed()) {
            backedUp.remove(removed);
        }
        for (RuleState rule : backup.added()) {
            if (localRule(rule.id()) == null) {
                backedUp.put(rule.id(), Rule.of(rule));
            }
        }
    }

    private void receiveToken(Message.Token token) {
        long now = clock.nanos();
        if (adopted.containsKey(token.session())) {
            transport.send(token.from(), new Message.TokenAck(id, token.session())); // our ack was lost
            return;
        }
        if (now - token.startedAtNanos() > timing.boundNanos() || !alive[token.from()]) {
            return; // too late: the sender has given up, or is about to
        }
        backedUp.remove(token.rule().id());
        Rule rule = Rule.of(token.rule());
        rule.swapPrimaryAndBackup();
        insert(rule);
        adopted.put(token.session(), new Adoption(rule.id(), token.from(), now));
        forgetOldAdoptions(now);
        transport.send(token.from(), new Message.TokenAck(id, token.session()));
    }

    private void forgetOldAdoptions(long now) {
        long keep = Math.max(timing.boundNanos() * 4, STALE_POLLS * config.pollIntervalNanos());
        adopted.values().removeIf(adoption -> now - adoption.atNanos() > keep);
    }

    private void receiveAck(Message.TokenAck ack) {
        Outgoing transfer = outgoing.remove(ack.session());
        if (transfer == null) {
            return; // a duplicate, or too late: the transfer was cancelled
        }
        Rule rule = transfer.rule;
        rule.inTransit(false);
        rule.swapPrimaryAndBackup();
        local.remove(rule);
        handedOver++;
        backedUp.put(rule.id(), rule);
        if (awaiting) {
            awaiting = false;
            finishPoll(awaitingMean, false);
        }
    }

    private void receiveCancel(Message.Cancel cancel) {
        Adoption adoption = adopted.remove(cancel.session());
        if (adoption == null) {
            return;
        }
        Rule rule = localRule(adoption.ruleId());
        if (rule != null && !rule.inTransit()) {
            local.remove(rule);
            rule.swapPrimaryAndBackup();
            backedUp.put(rule.id(), rule);
        }
    }

    // ---- membership (§12.3.3) ----

    /**
     * Peer {@code node} failed (its heartbeats stopped, or it said it leaves): this node takes over the rules
     * of that peer it backs up. Rules nobody live backs up (known from the peer's last state broadcast) are
     * taken by the lowest-numbered survivor, so that every port pair keeps exactly one live owner.
     */
    public void peerDown(int node) {
        if (node == id || !alive[node]) {
            return;
        }
        alive[node] = false;
        liveCount--;
        for (Rule rule : local) {
            if (rule.backup() == node) {
                rule.dropBackup();
            }
        }
        boolean tookOver = false;
        for (Iterator<Rule> it = backedUp.values().iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.primary() == node) {
                it.remove();
                rule.takeOver(id);
                insert(rule);
                tookOver = true;
            }
        }
        Message.State last = peers.last(node);
        // a broadcast older than the peer's last backup notification may name backups that have changed since
        if (last != null && last.sentAtNanos() >= lastNotified[node]) {
            boolean heirOfOrphans = lowestLive() == id;
            for (RuleState rule : last.rules()) {
                boolean mine = rule.backup() == id;
                boolean orphan = rule.backup() == RuleState.NO_BACKUP || !alive[rule.backup()];
                if ((mine || orphan && heirOfOrphans) && localRule(rule.id()) == null && !overlapsLocal(rule)) {
                    Rule heir = Rule.of(rule);
                    heir.takeOver(id);
                    insert(heir);
                    tookOver = true;
                }
            }
        }
        for (Outgoing transfer : outgoing.values()) {
            if (transfer.to == node) {
                transfer.nextSendAt = Long.MIN_VALUE; // give up at the next tick
            }
        }
        if (tookOver) {
            // its rule set changed since the failed transfer that asked for a split, so that request is
            // dropped (step 6 of §12.3.4: node 0 does not split after taking over rule 7)
            splitRequired = false;
        }
        peers.forget(node);
    }

    /** Peer {@code node} joined (or came back): it starts without rules (§12.1, "slow-start"). */
    public void peerUp(int node) {
        if (node == id || alive[node]) {
            return;
        }
        alive[node] = true;
        liveCount++;
        peers.forget(node);
        lastNotified[node] = Long.MIN_VALUE;
    }

    private boolean overlapsLocal(RuleState rule) {
        for (Rule mine : local) {
            if (mine.internal().overlaps(rule.internal()) && mine.external().overlaps(rule.external())) {
                return true;
            }
        }
        return false;
    }

    private int lowestLive() {
        for (int node = 0; node < alive.length; node++) {
            if (alive[node]) {
                return node;
            }
        }
        return -1;
    }

    // ---- views ----

    /** The rules this node is primary of, in creation order (including one being handed over). */
    public List<RuleView> rules() {
        return local.stream().map(rule -> rule.state().view()).toList();
    }

    /** The rules this node should accept packets of now: its own, less any in transit (§12.3.2). */
    public List<RuleState> accepting() {
        List<RuleState> rules = new ArrayList<>();
        for (Rule rule : local) {
            if (!rule.inTransit()) {
                rules.add(rule.state());
            }
        }
        return rules;
    }

    /** The local rules being handed over now. */
    public List<RuleState> inTransit() {
        List<RuleState> rules = new ArrayList<>();
        for (Rule rule : local) {
            if (rule.inTransit()) {
                rules.add(rule.state());
            }
        }
        return rules;
    }

    /** The peers' rules this node backs up, in id order. */
    public List<RuleView> backups() {
        return backedUp.values().stream().sorted(BY_ID).map(rule -> rule.state().view()).toList();
    }

    /** The averaged load of this node's rules. */
    public double ownLoad() {
        double load = 0;
        for (Rule rule : local) {
            load += rule.load();
        }
        return load;
    }

    /** The averaged total load this node observed. */
    public double totalLoad() {
        return total;
    }

    public boolean isAlive(int node) {
        return node >= 0 && node < alive.length && alive[node];
    }

    // ---- helpers ----

    private Rule localRule(long ruleId) {
        for (Rule rule : local) {
            if (rule.id() == ruleId) {
                return rule;
            }
        }
        return null;
    }

    private List<Rule> rules(Predicate<Rule> filter) {
        List<Rule> mine = new ArrayList<>();
        for (Rule rule : local) {
            if (filter.test(rule)) {
                mine.add(rule);
            }
        }
        return mine;
    }

    /** The first rule in heaviest-first order that passes {@code filter}, or null: one pass, no sorting. */
    private Rule heaviest(Predicate<Rule> filter) {
        Rule best = null;
        for (Rule rule : local) {
            if (filter.test(rule) && (best == null || HEAVIEST_FIRST.compare(rule, best) < 0)) {
                best = rule;
            }
        }
        return best;
    }

    private long nextBirth() {
        return ((long) id << 32) | (births++ & 0xFFFF_FFFFL);
    }

    /** Keeps the local rules in creation order. */
    private void insert(Rule rule) {
        int at = 0;
        while (at < local.size() && Rule.BY_BIRTH.compare(local.get(at), rule) < 0) {
            at++;
        }
        local.add(at, rule);
    }
}
