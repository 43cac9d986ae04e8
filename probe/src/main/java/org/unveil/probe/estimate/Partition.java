package org.unveil.probe.estimate;

import java.util.List;

/**
 * Responses grouped into back-ends.
 *
 * @param keys    the evidence keys that told back-ends apart, strongest first
 * @param server  per response (in send order) the index of its back-end in {@code ids}, or -1 if unidentified
 * @param ids     each back-end's id (its values of {@code keys}), in the order found
 * @param counts  responses per back-end, same order
 * @param tcpOnly whether only TCP evidence (SYN-ACKs, TCP clocks) told back-ends apart
 * @param idKeys  the keys whose values make up the ids: those that told back-ends apart (all when none did)
 */
record Partition(List<String> keys, int[] server, List<String> ids, int[] counts, boolean tcpOnly,
                 List<String> idKeys) {
    /** Every response unidentified. */
    Partition unidentifiedAll() {
        java.util.Arrays.fill(server, -1);
        return this;
    }
}
