package org.unveil.hosts.truth;

import java.util.HashMap;
import java.util.Map;

/**
 * How well an attribution of flows to hosts agrees with the truth: the adjusted Rand index (1 identical, about 0
 * for chance) and purity (the share of flows whose inferred host is mostly one true host), from the contingency
 * table of (true host, inferred host) pairs.
 */
public final class AttributionScore {
    private final Map<String, Map<String, Integer>> table = new HashMap<>();
    private int n;

    public void add(String trueHost, String inferredHost) {
        table.computeIfAbsent(inferredHost, k -> new HashMap<>()).merge(trueHost, 1, Integer::sum);
        n++;
    }

    public int count() {
        return n;
    }

    public int trueHosts() {
        Map<String, Integer> sizes = trueSizes();
        return sizes.size();
    }

    public double purity() {
        if (n == 0) {
            return Double.NaN;
        }
        int majority = 0;
        for (Map<String, Integer> row : table.values()) {
            majority += row.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return (double) majority / n;
    }

    /** Hubert and Arabie's adjusted Rand index; 1 when both sides put all flows in one group alike. */
    public double adjustedRandIndex() {
        if (n == 0) {
            return Double.NaN;
        }
        double sumCells = 0;
        double sumInferred = 0;
        for (Map<String, Integer> row : table.values()) {
            int rowTotal = 0;
            for (int cell : row.values()) {
                sumCells += pairs(cell);
                rowTotal += cell;
            }
            sumInferred += pairs(rowTotal);
        }
        double sumTrue = 0;
        for (int size : trueSizes().values()) {
            sumTrue += pairs(size);
        }
        double expected = sumInferred * sumTrue / pairs(n);
        double max = (sumInferred + sumTrue) / 2;
        if (max == expected) {
            return sumCells == max ? 1.0 : 0.0;
        }
        return (sumCells - expected) / (max - expected);
    }

    private Map<String, Integer> trueSizes() {
        Map<String, Integer> sizes = new HashMap<>();
        for (Map<String, Integer> row : table.values()) {
            row.forEach((host, cell) -> sizes.merge(host, cell, Integer::sum));
        }
        return sizes;
    }

    private static double pairs(int k) {
        return k * (k - 1) / 2.0;
    }
}
