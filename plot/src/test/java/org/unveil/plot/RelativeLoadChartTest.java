package org.unveil.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;
import org.unveil.balance.sim.RunResult;
import org.unveil.balance.sim.Simulator;
import org.unveil.balance.traffic.FlowExpander;
import org.unveil.balance.traffic.FlowRecord;

class RelativeLoadChartTest {
    @TempDir
    Path dir;

    /** Connection c to node c mod 3; threshold 1.1 like GLOB's. */
    static final class ModThree implements Scheduler {
        @Override
        public String name() {
            return "mod3";
        }

        @Override
        public void start(int nodes, SimulationContext context) {
        }

        @Override
        public int assign(SimPacket packet) {
            return (int) (packet.connection % 3);
        }

        @Override
        public void nodeDown(int node, long nowNanos) {
        }

        @Override
        public void nodeUp(int node, long nowNanos) {
        }

        @Override
        public double threshold() {
            return 1.1;
        }
    }

    static RunResult run() throws IOException {
        List<FlowRecord> flows = List.of(
                new FlowRecord(0, 60_000_000_000L, 6, 10L << 24, 1, 198L << 24, 80, 61, 61_000),
                new FlowRecord(1, 60_000_000_000L, 6, 10L << 24, 2, 198L << 24, 80, 61, 122_000),
                new FlowRecord(2, 60_000_000_000L, 6, 10L << 24, 3, 198L << 24, 80, 61, 183_000));
        return Simulator.run(new ModThree(), new FlowExpander(flows.iterator()), new Simulator.Cluster(3, List.of()), 1);
    }

    @Test
    void eachNodeIsASeriesOfItsShareBesideTheEvenShareAndTheThreshold() throws IOException {
        XYChart chart = RelativeLoadChart.of(run());
        assertThat(chart.getSeriesMap().keySet()).containsExactly("node 0", "node 1", "node 2", "1/n", "threshold");
        // node 2 carries 183 of every 366 bytes
        assertThat(java.util.Arrays.stream(chart.getSeriesMap().get("node 2").getYData()).distinct().toArray())
                .containsExactly(0.5);
        assertThat(java.util.Arrays.stream(chart.getSeriesMap().get("threshold").getYData()).distinct().toArray())
                .containsExactly(1.1 / 3);
    }

    @Test
    void writesPngAndSvgByExtension() throws IOException {
        XYChart chart = RelativeLoadChart.of(run());
        Path png = dir.resolve("load.png");
        Path svg = dir.resolve("load.svg");
        Files.write(png, ChartFiles.encode(chart, png));
        Files.write(svg, ChartFiles.encode(chart, svg));
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(svg)).contains("<svg");
        assertThatThrownBy(() -> ChartFiles.encode(chart, dir.resolve("load.gif")))
                .hasMessageContaining("must end in .png or .svg");
    }

    @Test
    void theHtmlReportIsOnePageWithNoExternalReferences() throws IOException {
        String html = BalanceReport.html("lab <run>", List.of(run()));
        assertThat(html).contains("<svg").contains("lab &lt;run&gt;").contains("<td>mod3</td>");
        // SVG namespaces are names, not fetches; nothing may be loaded from elsewhere
        assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?https?:").doesNotContain("<link", "@import");
    }
}
