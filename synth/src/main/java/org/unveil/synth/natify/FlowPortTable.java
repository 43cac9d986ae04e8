package org.unveil.synth.natify;

/**
 * An open-addressing map from a key of two longs to an int, in primitive arrays: a lookup per packet allocates
 * nothing, and an entry costs 20 bytes.
 */
final class FlowPortTable {
    static final int ABSENT = -1;
    private long[] first = new long[1024];
    private long[] second = new long[1024];
    private int[] values = new int[1024];
    private int size;

    int get(long a, long b) {
        int mask = values.length - 1;
        for (int i = slot(a, b, mask); ; i = (i + 1) & mask) {
            if (values[i] == 0) {
                return ABSENT;
            }
            if (first[i] == a && second[i] == b) {
                return values[i] - 1;
            }
        }
    }

    void put(long a, long b, int value) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        int mask = values.length - 1;
        int i = slot(a, b, mask);
        while (values[i] != 0 && (first[i] != a || second[i] != b)) {
            i = (i + 1) & mask;
        }
        if (values[i] == 0) {
            size++;
        }
        first[i] = a;
        second[i] = b;
        values[i] = value + 1; // 0 marks a free slot
    }

    int size() {
        return size;
    }

    private static int slot(long a, long b, int mask) {
        long h = (a * 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private void grow() {
        long[] oldFirst = first;
        long[] oldSecond = second;
        int[] oldValues = values;
        first = new long[oldValues.length * 2];
        second = new long[oldValues.length * 2];
        values = new int[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != 0) {
                put(oldFirst[i], oldSecond[i], oldValues[i] - 1);
            }
        }
    }
}
