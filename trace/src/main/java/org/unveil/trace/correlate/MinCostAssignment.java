package org.unveil.trace.correlate;

import java.util.Arrays;

/**
 * Minimum-cost assignment of every row to its own column, rows ≤ columns (Hungarian method with potentials,
 * O(rows² × columns)), so that
 * requests are paired one to one by the best overall fit, not first come first served.
 */
final class MinCostAssignment {
    private MinCostAssignment() {
    }

    /** For each row, the column assigned to it. */
    static int[] solve(double[][] cost) {
        int rows = cost.length;
        int n = cost[0].length;
        double[] u = new double[rows + 1];
        double[] v = new double[n + 1];
        int[] columnOwner = new int[n + 1]; // 1-based row owning each column; column 0 is the search root
        int[] way = new int[n + 1];
        for (int row = 1; row <= rows; row++) {
            columnOwner[0] = row;
            int column = 0;
            double[] least = new double[n + 1];
            Arrays.fill(least, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[column] = true;
                int owner = columnOwner[column];
                double delta = Double.POSITIVE_INFINITY;
                int nextColumn = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double reduced = cost[owner - 1][j - 1] - u[owner] - v[j];
                        if (reduced < least[j]) {
                            least[j] = reduced;
                            way[j] = column;
                        }
                        if (least[j] < delta) {
                            delta = least[j];
                            nextColumn = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[columnOwner[j]] += delta;
                        v[j] -= delta;
                    } else {
                        least[j] -= delta;
                    }
                }
                column = nextColumn;
            } while (columnOwner[column] != 0);
            do {
                int previous = way[column];
                columnOwner[column] = columnOwner[previous];
                column = previous;
            } while (column != 0);
        }
        int[] assigned = new int[rows];
        for (int j = 1; j <= n; j++) {
            if (columnOwner[j] > 0) {
                assigned[columnOwner[j] - 1] = j - 1;
            }
        }
        return assigned;
    }
}
