package org.unveil.balance.schedulers;

import java.util.Random;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * Power of two choices (Mitzenmacher): each new connection samples two distinct live nodes at random and
 * takes the one holding fewer connections, which gives exponentially better balance than one random choice.
 */
public final class PowerOfTwoChoices extends ConnectionTrackingScheduler {
    private Random random;

    @Override
    public String name() {
        return "p2c";
    }

    @Override
    void started(SimulationContext context) {
        random = context.random();
    }

    @Override
    int place(SimPacket packet) {
        return choose();
    }

    @Override
    int replace(long connection) {
        return choose();
    }

    private int choose() {
        int live = members.count();
        if (live == 1) {
            return members.get(0);
        }
        int first = random.nextInt(live);
        // Draw the second among the other live - 1 nodes, so the two are always distinct.
        int second = (first + 1 + random.nextInt(live - 1)) % live;
        int a = members.get(first);
        int b = members.get(second);
        return active[b] < active[a] ? b : a;
    }
}
