package org.unveil.balance.schedulers;

import java.util.Arrays;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * Maglev hashing (Eisenbud et al., NSDI 2016, section 3.4): a lookup table of prime size M, filled by
 * letting the live nodes take turns claiming their next preferred free slot; flows index it by 5-tuple
 * hash. No connection tracking, so the flows a rebuild moves show up as broken connections.
 */
public final class Maglev extends StatelessScheduler {
    private long seed;
    private long[] offset;
    private long[] skip;
    private int[] next;
    private int[] entry;

    @Override
    public String name() {
        return "maglev";
    }

    /** The smallest prime above {@code 100 * nodes}: the paper asks for M prime and much larger than N. */
    static int tableSize(int nodes) {
        int candidate = 100 * nodes + 1;
        while (!isPrime(candidate)) {
            candidate++;
        }
        return candidate;
    }

    @Override
    void started(SimulationContext context) {
        seed = context.random().nextLong();
        int size = tableSize(members.capacity());
        entry = new int[size];
        next = new int[members.capacity()];
        offset = new long[members.capacity()];
        skip = new long[members.capacity()];
        // Each node's permutation is (offset + j * skip) mod M, from two independent hashes of its name;
        // skip in 1..M-1 is coprime to the prime M, so the permutation visits every slot.
        for (int node = 0; node < offset.length; node++) {
            offset[node] = Long.remainderUnsigned(FlowHash.combine(seed, node), size);
            skip[node] = Long.remainderUnsigned(FlowHash.combine(~seed, node), size - 1) + 1;
        }
    }

    @Override
    void rebuild() {
        Arrays.fill(entry, -1);
        Arrays.fill(next, 0);
        int size = entry.length;
        int filled = 0;
        // Pseudocode 1 of the paper: round robin over live nodes, each taking its next unclaimed preference.
        while (filled < size && members.count() > 0) {
            for (int i = 0; i < members.count() && filled < size; i++) {
                int node = members.get(i);
                int slot = slot(node, size);
                while (entry[slot] >= 0) {
                    next[node]++;
                    slot = slot(node, size);
                }
                entry[slot] = node;
                next[node]++;
                filled++;
            }
        }
    }

    @Override
    int lookup(SimPacket packet) {
        return entry[FlowHash.reduce(FlowHash.flow(packet), entry.length)];
    }

    /** How many table slots {@code node} owns (for tests and reports). */
    int slotsOf(int node) {
        int slots = 0;
        for (int owner : entry) {
            if (owner == node) {
                slots++;
            }
        }
        return slots;
    }

    int tableLength() {
        return entry.length;
    }

    /** The owner of table slot {@code slot}. */
    int ownerOf(int slot) {
        return entry[slot];
    }

    private int slot(int node, int size) {
        return (int) ((offset[node] + next[node] * skip[node]) % size);
    }

    private static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
