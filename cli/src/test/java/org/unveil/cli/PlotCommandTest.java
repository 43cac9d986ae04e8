package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAPngAndAnSvgByExtension() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("nine.pcap", 9);
        Path png = dir.resolve("ipid.png");
        var r = CommandLineTest.unveil("plot", capture.toString(), "--y", "ipid", "--address", "192.0.2.2", "--out",
                png.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);

        Path svg = dir.resolve("ts.svg");
        r = CommandLineTest.unveil("plot", capture.toString(), "--y", "SPORT", "--x", "time", "--color", "ua",
                "--filter", "tcp,port=80", "-o", svg.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(svg)).contains("<svg");
    }

    /**
     * Issue 12: forty client addresses (some 9,000 flows) within a budget of 1,024 flows a pass are plotted in
     * passes over fewer addresses, each pass's points labelled with its hosts: the PNG is byte for byte the one a
     * single pass draws (stdin, read once), since no point is dropped in either.
     */
    @Test
    void passesOfFewerAddressesDrawWhatOnePassDraws() throws IOException {
        Path many = dir.resolve("forty.pcap");
        var g = CommandLineTest.unveil("synth", "generate", "--nat", "none", "--hosts", "40", "--rate", "2",
                "--seed", "9", "--duration", "2m", "--max-response", "2K", "--out", many.toString(), "--labels",
                dir.resolve("forty.csv").toString());
        assertThat(g.code()).as(g.err()).isEqualTo(ExitCode.OK);
        Path inPasses = dir.resolve("passes.png");
        var passes = CommandLineTest.unveil("plot", many.toString(), "--y", "ipid", "--memory", "1M", "--max-points",
                "10000000", "-o", inPasses.toString(), "--quiet");
        assertThat(passes.code()).as(passes.err()).isEqualTo(ExitCode.OK);
        assertThat(passes.err()).containsPattern("read in [1-9][0-9] passes, each over fewer addresses");
        Path once = dir.resolve("once.png");
        java.io.InputStream stdin = System.in;
        try (java.io.InputStream in = Files.newInputStream(many)) {
            System.setIn(in);
            var one = CommandLineTest.unveil("plot", "-", "--y", "ipid", "--memory", "1M", "--max-points", "10000000",
                    "-o", once.toString(), "--quiet");
            assertThat(one.code()).as(one.err()).isEqualTo(ExitCode.OK);
            assertThat(one.err()).contains("a stream is read only once");
        } finally {
            System.setIn(stdin);
        }
        assertThat(Files.readAllBytes(inPasses)).isEqualTo(Files.readAllBytes(once));
    }

    /**
     * Issue 12: behind one address, the flows past what a small --memory clusters go to disk; coloured by
     * User-Agent, OS or flow, the points of those flows are labelled by their own fields read back from there,
     * so the PNG is byte for byte the one drawn with every flow in memory.
     */
    @Test
    void flowsOnDiskAreColouredByTheirOwnFields() throws IOException {
        Path nat = dir.resolve("busy-nat.pcap");
        var g = CommandLineTest.unveil("synth", "generate", "--hosts", "6", "--rate", "4", "--seed", "5",
                "--duration", "70s", "--max-response", "1K", "--out", nat.toString(), "--labels",
                dir.resolve("busy-nat.csv").toString());
        assertThat(g.code()).as(g.err()).isEqualTo(ExitCode.OK);
        assertThat(Files.readAllLines(dir.resolve("busy-nat.csv")).size() - 1).as("flows behind the NAT")
                .isGreaterThan(1_500); // the smallest budget clusters 1,000 of an address's flows
        for (String by : List.of("ua", "os", "flow")) {
            Path small = dir.resolve(by + "-small.png");
            var spilled = CommandLineTest.unveil("plot", nat.toString(), "--y", "tsval", "--color", by, "--memory",
                    "1M", "--max-points", "10000000", "-o", small.toString(), "--quiet");
            assertThat(spilled.code()).as(spilled.err()).isEqualTo(ExitCode.OK);
            assertThat(spilled.err()).as(by).contains("clustered");
            Path big = dir.resolve(by + "-big.png");
            var held = CommandLineTest.unveil("plot", nat.toString(), "--y", "tsval", "--color", by, "--memory",
                    "1G", "--max-points", "10000000", "-o", big.toString(), "--quiet");
            assertThat(held.code()).as(held.err()).isEqualTo(ExitCode.OK);
            assertThat(held.err()).as(by).doesNotContain("clustered");
            assertThat(Files.readAllBytes(small)).as(by).isEqualTo(Files.readAllBytes(big));
        }
    }

    @Test
    void anEmptyPlotIsWrittenAndSaidSo() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("three.pcap", 3);
        Path png = dir.resolve("none.png");
        var r = CommandLineTest.unveil("plot", capture.toString(), "--y", "tsval", "--out", png.toString(), "--quiet");
        // the capture's packets carry no TCP timestamps
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        // one line, prefixed as every other command's messages are ("unveil: ", as ProblemPrinter writes them)
        assertThat(r.err().lines()).containsExactly("unveil: no packet matched (or none had a tsval); " + png
                + " is an empty plot");
        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    @Test
    void badFiltersAxesAndFileNamesAreUsageErrors() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("one.pcap", 1);
        String out = dir.resolve("p.png").toString();
        var r = CommandLineTest.unveil("plot", capture.toString(), "--y", "ipid", "--filter", "no-ts,http", "--out", out);
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unknown filter 'http'").contains("non-http-dns").contains("port=N");
        r = CommandLineTest.unveil("plot", capture.toString(), "--y", "ipid", "--out", dir.resolve("p.gif").toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("must end in .png or .svg");
        r = CommandLineTest.unveil("plot", capture.toString(), "--y", "window", "--out", out);
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("IPID").contains("TSVAL");
        r = CommandLineTest.unveil("plot", capture.toString(), "--y", "ipid", "--address", "nat", "--out", out);
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(Files.exists(Path.of(out))).isFalse();
    }

    @Test
    void hostsWritesTheHtmlReport() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("nine.pcap", 9);
        Path html = dir.resolve("hosts.html");
        var r = CommandLineTest.unveil("hosts", capture.toString(), "--html", html.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        String page = Files.readString(html);
        assertThat(page).contains("<h2 id=\"address-192.0.2.1\">", "<h2 id=\"address-192.0.2.3\">")
                .contains("<td>Test, Agent</td>").contains("data:image/png;base64,");
    }
}
