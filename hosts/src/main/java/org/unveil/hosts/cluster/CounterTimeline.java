package org.unveil.hosts.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.hosts.evidence.IpidTrack;

/**
 * Per destination, where a group's chained flows found that destination's IPID counter (Windows keeps one per
 * destination): the time and first value of each. Each flow takes the counter's next value when it opens, so
 * one host's flows to a destination, in order of opening, step forward, whatever else runs in parallel; two
 * hosts' counters start at random values, and their flows taken together step back within a few flows.
 */
final class CounterTimeline {
    /** By destination: opening times and first values, in order of time. */
    private Map<String, List<long[]>> byDestination = Map.of(); // a HashMap once used: most groups never are

    void add(String destination, long nanos, int value) {
        if (byDestination.isEmpty()) {
            byDestination = new HashMap<>();
        }
        List<long[]> list = byDestination.computeIfAbsent(destination, d -> new ArrayList<>());
        int at = list.size();
        while (at > 0 && list.get(at - 1)[0] > nanos) {
            at--;
        }
        if (at > 0 && list.get(at - 1)[0] == nanos && list.get(at - 1)[1] == value) {
            return; // the same flow, booked by two of its links
        }
        list.add(at, new long[] {nanos, value});
    }

    boolean isEmpty() {
        return byDestination.isEmpty();
    }

    /** Whether the two timelines could be one host's counters: on every shared destination, one counter. */
    boolean oneCounter(CounterTimeline other) {
        for (Map.Entry<String, List<long[]>> e : byDestination.entrySet()) {
            List<long[]> theirs = other.byDestination.get(e.getKey());
            if (theirs != null && !forward(e.getValue(), theirs)) {
                return false;
            }
        }
        return true;
    }

    /** Merges the two time-ordered lists and checks that the values never step back. */
    private static boolean forward(List<long[]> a, List<long[]> b) {
        int i = 0;
        int j = 0;
        long[] previous = null;
        while (i < a.size() || j < b.size()) {
            long[] next = j >= b.size() || i < a.size() && a.get(i)[0] <= b.get(j)[0] ? a.get(i++) : b.get(j++);
            if (previous != null && IpidTrack.stepsBack((int) previous[1], (int) next[1])) {
                return false;
            }
            previous = next;
        }
        return true;
    }

    void absorb(CounterTimeline other) {
        if (other.byDestination.isEmpty()) {
            return;
        }
        if (byDestination.isEmpty()) {
            byDestination = new HashMap<>();
        }
        other.byDestination.forEach((destination, theirs) -> {
            List<long[]> mine = byDestination.get(destination);
            if (mine == null) {
                byDestination.put(destination, new ArrayList<>(theirs));
                return;
            }
            List<long[]> merged = new ArrayList<>(mine.size() + theirs.size());
            int i = 0;
            int j = 0;
            while (i < mine.size() || j < theirs.size()) {
                merged.add(j >= theirs.size() || i < mine.size() && mine.get(i)[0] <= theirs.get(j)[0]
                        ? mine.get(i++) : theirs.get(j++));
            }
            byDestination.put(destination, merged);
        });
    }
}
