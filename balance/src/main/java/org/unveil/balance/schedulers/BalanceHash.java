package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;

/**
 * The thesis's BALANCE target (after Netfilter's old BALANCE): node = (source IP + destination IP + remote
 * port) mod n over the live nodes. The sum is symmetric in direction, so replies follow their requests.
 */
public final class BalanceHash extends StatelessScheduler {

    @Override
    public String name() {
        return "balance";
    }

    @Override
    int lookup(SimPacket packet) {
        long sum = packet.sourceAddress() + packet.destinationAddress() + packet.externalPort;
        return members.get((int) Long.remainderUnsigned(sum, members.count()));
    }
}
