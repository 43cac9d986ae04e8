package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
