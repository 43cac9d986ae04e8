package org.unveil.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.unveil.balance.sim.LoadLedger;
import org.unveil.balance.sim.RunResult;

/**
 * The thesis's Figures 26-30: each node's share of the load per 10 s window over time, with the even
 * share 1/n and, for schedulers that have one, the overload threshold above it.
 */
public final class RelativeLoadChart {
    private RelativeLoadChart() {
    }

    public static XYChart of(RunResult run) {
        LoadLedger ledger = run.ledger();
        XYChart chart = new XYChartBuilder().width(900).height(420)
                .title(String.format(Locale.ROOT, "%s, %d nodes: share of load per node", run.scheduler(), run.nodes()))
                .xAxisTitle("seconds").yAxisTitle("share of load").build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendVisible(ledger.nodes() <= 16);
        double windowSeconds = ledger.windowNanos() / 1e9;
        long[] windows = ledger.windows();
        for (int n = 0; n < ledger.nodes(); n++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (long w : windows) {
                double total = 0;
                for (int m = 0; m < ledger.nodes(); m++) {
                    total += ledger.bytes(w, m);
                }
                if (total > 0 && ledger.alive(w, n)) {
                    x.add(w * windowSeconds);
                    y.add(ledger.bytes(w, n) / total);
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries("node " + n, x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        // the even share follows the live node count, which crashes and joins change
        line(chart, "1/n", windows, ledger, windowSeconds, 1.0, Color.BLACK);
        if (!Double.isNaN(run.threshold())) {
            line(chart, "threshold", windows, ledger, windowSeconds, run.threshold(), Color.RED);
        }
        return chart;
    }

    private static void line(XYChart chart, String name, long[] windows, LoadLedger ledger, double windowSeconds,
            double factor, Color color) {
        double[] x = new double[Math.max(1, windows.length) * 2];
        double[] y = new double[x.length];
        for (int i = 0; i < windows.length; i++) {
            double share = factor / Math.max(1, ledger.liveNodes(windows[i]));
            x[2 * i] = windows[i] * windowSeconds;
            x[2 * i + 1] = (windows[i] + 1) * windowSeconds;
            y[2 * i] = share;
            y[2 * i + 1] = share;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    }

    /** The chart as SVG text, for embedding in an HTML page. */
    public static String svg(XYChart chart) throws IOException {
        return ChartFiles.svg(chart);
    }
}
