package org.unveil.balance.traffic;

import java.io.IOException;
import java.util.Iterator;
import java.util.PriorityQueue;
import org.unveil.balance.SimPacket;

/**
 * Turns flow records into packets the way the thesis did (section 12.2.1): each flow's packets alternate
 * direction starting with the client, are spaced equally over its duration, and share its bytes equally
 * with any remainder on the first packet. Flows must come in order of start time; only the flows in progress
 * are held, so memory follows concurrency, not trace length.
 */
public final class FlowExpander implements TrafficSource {
    private final Iterator<FlowRecord> flows;
    private final PriorityQueue<ActiveFlow> active = new PriorityQueue<>();
    private FlowRecord pending;
    private long connections;
    private long lastStart = Long.MIN_VALUE;

    public FlowExpander(Iterator<FlowRecord> flows) {
        this.flows = flows;
        this.pending = flows.hasNext() ? flows.next() : null;
    }

    private static final class ActiveFlow implements Comparable<ActiveFlow> {
        final FlowRecord flow;
        final long connection;
        final boolean clientInternal;
        long sent;
        long nextNanos;

        ActiveFlow(FlowRecord flow, long connection) {
            this.flow = flow;
            this.connection = connection;
            this.clientInternal = InternalNetwork.clientIsInternal(flow.source(), flow.destination());
            this.nextNanos = flow.startNanos();
        }

        long interval() {
            return flow.packets() <= 1 ? 0 : flow.durationNanos() / (flow.packets() - 1);
        }

        @Override
        public int compareTo(ActiveFlow o) {
            int c = Long.compare(nextNanos, o.nextNanos);
            return c != 0 ? c : Long.compare(connection, o.connection);
        }
    }

    @Override
    public boolean next(SimPacket packet) throws IOException {
        while (pending != null && (active.isEmpty() || pending.startNanos() <= active.peek().nextNanos)) {
            if (pending.startNanos() < lastStart) {
                throw new IOException("flows out of order: a flow starts at " + pending.startNanos()
                        + " ns after one starting at " + lastStart + " ns");
            }
            lastStart = pending.startNanos();
            active.add(new ActiveFlow(pending, connections++));
            pending = flows.hasNext() ? flows.next() : null;
        }
        ActiveFlow f = active.poll();
        if (f == null) {
            return false;
        }
        fill(packet, f);
        f.sent++;
        if (f.sent < f.flow.packets()) {
            f.nextNanos += f.interval();
            active.add(f);
        }
        return true;
    }

    private static void fill(SimPacket p, ActiveFlow f) {
        FlowRecord flow = f.flow;
        long share = flow.bytes() / flow.packets();
        boolean fromClient = (f.sent & 1) == 0;
        p.timeNanos = f.nextNanos;
        p.bytes = (int) Math.min(Integer.MAX_VALUE, f.sent == 0 ? share + flow.bytes() % flow.packets() : share);
        p.protocol = flow.protocol();
        p.outbound = fromClient == f.clientInternal;
        p.internalAddress = f.clientInternal ? flow.source() : flow.destination();
        p.internalPort = f.clientInternal ? flow.sourcePort() : flow.destinationPort();
        p.externalAddress = f.clientInternal ? flow.destination() : flow.source();
        p.externalPort = f.clientInternal ? flow.destinationPort() : flow.sourcePort();
        p.connection = f.connection;
        p.firstOfConnection = f.sent == 0;
        p.lastOfConnection = f.sent == flow.packets() - 1;
    }
}
