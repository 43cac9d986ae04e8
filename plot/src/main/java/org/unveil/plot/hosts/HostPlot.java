package org.unveil.plot.hosts;

import java.awt.Color;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * pyflag's plotpcap views: one dot per packet a host sent, IPID or TSval or source port or TTL against packet
 * number or time, one colour per host (or User-Agent, flow, OS), so that each host's sequence shows as its own
 * line.
 */
public final class HostPlot {
    /** Series in the legend; beyond that, colours stop being told apart, so the rest share one grey series. */
    public static final int MAX_SERIES = 12;
    /** Legend entries longer than this are cut: the legend sits beside the plot and must leave it room. */
    private static final int MAX_NAME = 48;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x393b79),
        new Color(0xad494a), new Color(0x637939)};
    private static final Color OTHER = new Color(0xaaaaaa);

    private HostPlot() {
    }

    /** The chart of a sample's points; {@code originNanos} is time 0 on a time axis. */
    public static XYChart chart(String title, PointSample sample, XAxis x, YAxis y, ColorBy by, FlowLabels labels,
            long originNanos) {
        return chart(title, PlotPoints.of(sample, labels, by), x, y, originNanos);
    }

    /** The chart of labelled points; {@code originNanos} is time 0 on a time axis. */
    public static XYChart chart(String title, PlotPoints points, XAxis x, YAxis y, long originNanos) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            if (points.value(y, i) != PointSample.NONE) {
                counts.merge(points.label(i), 1, Integer::sum);
            }
        }
        List<String> top = counts.keySet().stream()
                .sorted(FlowLabels.mostFirst(counts))
                .limit(counts.size() > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES).sorted(NaturalOrder.INSTANCE).toList();
        Map<String, Series> series = new LinkedHashMap<>();
        for (String label : top) {
            series.put(label, new Series(counts.get(label)));
        }
        int others = counts.size() - top.size();
        Series other = new Series(points.size());
        int plotted = 0;
        for (int i = 0; i < points.size(); i++) {
            long v = points.value(y, i);
            if (v != PointSample.NONE) {
                double xv = x == XAxis.PACKET ? points.number(i) : (points.nanos(i) - originNanos) / 1e9;
                series.getOrDefault(points.label(i), other).add(xv, v);
                plotted++;
            }
        }
        XYChart chart = new XYChartBuilder().width(1000).height(560).title(title + note(points, plotted))
                .xAxisTitle(x.title()).yAxisTitle(y.title()).build();
        Styler.LegendPosition legend = Styler.LegendPosition.OutsideE;
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(4)
                .setLegendPosition(legend).setChartBackgroundColor(Color.WHITE).setSeriesColors(PALETTE);
        Set<String> names = new HashSet<>();
        Map<String, Color> colours = colours(series.keySet(), points);
        for (Map.Entry<String, Series> e : series.entrySet()) {
            add(chart, unique(shorten(e.getKey()), names), e.getValue(), colours.get(e.getKey()));
        }
        if (others > 0) {
            add(chart, unique(String.format(Locale.ROOT, "other (%d more)", others), names), other, OTHER);
        }
        return chart;
    }

    /**
     * A colour per label: the one its rank over all flows gives it, so each chart of a report colours a host alike,
     * unless a label ranked higher took it in this chart (ranks 12 apart): then the next colour still free here.
     */
    private static Map<String, Color> colours(Set<String> shown, PlotPoints points) {
        Map<String, Color> out = new HashMap<>();
        boolean[] taken = new boolean[PALETTE.length];
        for (String label : shown.stream().sorted(Comparator.comparingInt(points::rank)).toList()) {
            int c = points.rank(label) % PALETTE.length;
            while (taken[c]) {
                c = (c + 1) % PALETTE.length;
            }
            taken[c] = true;
            out.put(label, PALETTE[c]);
        }
        return out;
    }

    private static String note(PlotPoints points, int plotted) {
        if (plotted == 0) {
            return " (no packets to plot)";
        }
        if (points.stride() > 1) {
            return String.format(Locale.ROOT, " (1 in %d of %,d packets sent shown)", points.stride(), points.offered());
        }
        return String.format(Locale.ROOT, " (%,d packets sent)", plotted);
    }

    private static void add(XYChart chart, String name, Series s, Color colour) {
        XYSeries series = chart.addSeries(name, s.x(), s.y());
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(colour);
    }

    private static String shorten(String label) {
        String oneLine = label.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() <= MAX_NAME ? oneLine : oneLine.substring(0, MAX_NAME - 1) + "…";
    }

    /** XChart keys series by name, and shortening can make two names equal. */
    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }

    /** A growing pair of coordinate columns. */
    private static final class Series {
        private double[] x;
        private double[] y;
        private int size;

        Series(int capacity) {
            x = new double[Math.max(1, capacity)];
            y = new double[x.length];
        }

        void add(double xv, double yv) {
            if (size == x.length) {
                x = java.util.Arrays.copyOf(x, size * 2);
                y = java.util.Arrays.copyOf(y, size * 2);
            }
            x[size] = xv;
            y[size++] = yv;
        }

        double[] x() {
            return java.util.Arrays.copyOf(x, size);
        }

        double[] y() {
            return java.util.Arrays.copyOf(y, size);
        }
    }
}
