package org.unveil.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.unveil.glob.Clock;
import org.unveil.glob.GlobConfig;
import org.unveil.glob.GlobNode;
import org.unveil.glob.Message;
import org.unveil.glob.RuleState;
import org.unveil.glob.TransferTiming;
import org.unveil.glob.UdpTransport;

/**
 * The gateway daemon of one node: one {@link GlobNode} over UDP on the control network, heartbeats and
 * failure detection, the node's rules installed in nftables (one transaction per change) and their loads
 * read from nft's counters at every poll. One thread: the engine is driven from this loop only.
 */
public final class GatewayNode implements AutoCloseable {
    /** Wall-clock nanoseconds: the transfer protocol compares times across nodes (NTP-synchronised, Appendix 1). */
    private static final Clock WALL = () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    private final GatewayConfig config;
    private final Nft nft;
    private final PrintStream log;
    private final UdpTransport transport;
    private final TokensAfterInstall outbox;
    private final GlobNode engine;
    private final FailureDetector detector;
    private final Selector selector;
    private final Map<Long, Long> lastRuleBytes = new HashMap<>();
    private long lastTotalBytes;
    private List<RuleState> installed;
    /**
     * Non-disruptive mode: rules taken over from a failed node, until when (wall nanos) they accept every
     * packet; the failed node's connections have no live holder, so its heirs adopt them.
     */
    private final Map<Long, Long> adoptedUntil = new HashMap<>();
    private boolean installedArp;
    private volatile boolean running = true;

    public GatewayNode(GatewayConfig config, String nftCommand, PrintStream log) throws IOException {
        this.config = config;
        this.nft = new Nft(nftCommand);
        this.log = log;
        this.transport = new UdpTransport(config.node(), config.control());
        long now = WALL.nanos();
        this.detector = new FailureDetector(config.node(), config.control().size(), config.timeoutNanos(), now);
        boolean[] live = new boolean[config.control().size()];
        java.util.Arrays.fill(live, true);
        GlobConfig glob = GlobConfig.THESIS.withPollInterval(config.pollNanos());
        TransferTiming timing = new TransferTiming(3, Math.max(1_000_000L, config.heartbeatNanos() / 2), 3);
        this.outbox = new TokensAfterInstall(transport);
        this.engine = new GlobNode(config.node(), live.length, live, config.node() == 0, glob, timing, outbox, WALL);
        this.selector = Selector.open();
        transport.channel().register(selector, SelectionKey.OP_READ);
    }

    /** Runs until {@link #stop}; on the way out the node's nft tables are removed. */
    public void run() throws IOException {
        long now = WALL.nanos();
        long nextHeartbeat = now;
        long nextPoll = now + config.pollNanos();
        installIfChanged(now);
        log.printf("node %d up: detection within %d ms, poll %d ms, %s transfers%n", config.node(),
                config.detectionNanos() / 1_000_000, config.pollNanos() / 1_000_000, config.transfer().key());
        while (running) {
            long wait = Math.max(1, (Math.min(nextHeartbeat, nextPoll) - WALL.nanos()) / 1_000_000);
            selector.select(Math.min(wait, 10));
            selector.selectedKeys().clear();
            now = WALL.nanos();
            long heard = now;
            transport.receive(message -> receive(message, heard));
            if (now >= nextHeartbeat) {
                transport.broadcast(new Message.Heartbeat(config.node(), now));
                nextHeartbeat = now + config.heartbeatNanos();
            }
            for (int failed = detector.nextFailed(now); failed >= 0; failed = detector.nextFailed(now)) {
                java.util.Set<Long> before = engine.accepting().stream().map(RuleState::id)
                        .collect(Collectors.toSet());
                engine.peerDown(failed);
                long until = now + NftScript.CONNECTION_TIMEOUT_S * 1_000_000_000L;
                engine.accepting().stream().map(RuleState::id).filter(id -> !before.contains(id))
                        .forEach(id -> adoptedUntil.put(id, until));
                log.printf("node %d: peer %d failed at %d ms (silent %d ms)%n", config.node(), failed,
                        now / 1_000_000, config.timeoutNanos() / 1_000_000);
            }
            engine.tick();
            if (now >= nextPoll) {
                readCounters();
                engine.measure();
                engine.decide();
                nextPoll += config.pollNanos();
                if (nextPoll <= now) {
                    nextPoll = now + config.pollNanos(); // a stall: do not run the missed polls back to back
                }
                installIfChanged(now);
                status(now);
            } else {
                installIfChanged(now);
            }
        }
        nft.apply(NftScript.remove());
    }

    private void receive(Message message, long now) {
        if (detector.heard(message.from(), now)) {
            engine.peerUp(message.from());
            log.printf("node %d: peer %d is back%n", config.node(), message.from());
        }
        if (!(message instanceof Message.Heartbeat) && detector.isAlive(message.from())) {
            engine.receive(message);
        }
    }

    /** Hands the bytes counted since the last reading to the engine (every node counts every packet). */
    private void readCounters() throws IOException {
        NftCounters counters = NftCounters.parse(nft.listTable());
        for (Map.Entry<Long, Long> rule : counters.ruleBytes().entrySet()) {
            long delta = rule.getValue() - lastRuleBytes.getOrDefault(rule.getKey(), 0L);
            if (delta > 0) {
                engine.countRule(rule.getKey(), delta);
            }
        }
        lastRuleBytes.clear();
        lastRuleBytes.putAll(counters.ruleBytes());
        engine.observe(Math.max(0, counters.totalBytes() - lastTotalBytes));
        lastTotalBytes = counters.totalBytes();
    }

    /**
     * One nft transaction when the accepted rules or the ARP role changed (counters restart from zero); then
     * the transfer tokens held back for it leave.
     */
    private void installIfChanged(long now) throws IOException {
        List<RuleState> accepting = engine.accepting();
        boolean arp = detector.lowestLive() == config.node();
        java.util.Set<Long> held = accepting.stream().map(RuleState::id).collect(Collectors.toSet());
        boolean adoptionEnded = adoptedUntil.entrySet().removeIf(e -> e.getValue() <= now || !held.contains(e.getKey()));
        if (installed != null && arp == installedArp && sameRectangles(accepting, installed) && !adoptionEnded) {
            outbox.release();
            return;
        }
        if (installed != null) {
            readCounters(); // keep what was counted since the last poll
        }
        nft.apply(config.transfer() == TransferMode.NON_DISRUPTIVE
                ? NftScript.installNonDisruptive(config, accepting, adoptedUntil.keySet(), arp)
                : NftScript.install(config, accepting, arp));
        lastRuleBytes.clear();
        lastTotalBytes = 0;
        installed = accepting;
        installedArp = arp;
        outbox.release();
        log.printf("node %d: installed %d rules at %d ms%s: %s%n", config.node(), accepting.size(), now / 1_000_000,
                arp ? " (ARP)" : "",
                accepting.stream().map(rule -> "r" + rule.id()).collect(Collectors.joining(" ")));
    }

    private static boolean sameRectangles(List<RuleState> a, List<RuleState> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).id() != b.get(i).id()) {
                return false;
            }
        }
        return true;
    }

    private void status(long now) {
        log.printf("node %d poll: share %.3f rules %d live %s handed over %d%n", config.node(),
                engine.totalLoad() > 0 ? engine.ownLoad() / engine.totalLoad() : 0, engine.rules().size(),
                liveList(), engine.handedOver());
    }

    private String liveList() {
        StringBuilder live = new StringBuilder();
        for (int node = 0; node < config.control().size(); node++) {
            if (detector.isAlive(node)) {
                live.append(live.isEmpty() ? "" : ",").append(node);
            }
        }
        return live.toString();
    }

    public void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        transport.close();
    }
}
