package org.unveil.plot.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the hosts report in headless Chromium (Debian package "chromium"): it must load without a console
 * message (a blocked fetch shows as one, since the page forbids them) and decode every plot. Skipped without
 * Chromium.
 */
class HostsReportBrowserTest {
    /**
     * Added to a copy of the page: writes into the DOM what only a browser knows (whether each image decoded, to
     * what size), which --dump-dom then prints.
     */
    private static final String PROBE = "<script>addEventListener('load',()=>{const p=document.createElement('pre');"
            + "p.id='probe';p.textContent='images='+[...document.querySelectorAll('img.plot')].map(i=>i.complete"
            + "?i.naturalWidth+'x'+i.naturalHeight:'pending').join(',')+' scripts='+document.scripts.length"
            + "+' uaText='+[...document.querySelectorAll('td')].some(td=>td.textContent==='"
            + PacketPointsTest.EVIL_UA.replace("/", "\\/") + "');document.body.appendChild(p);});</script>";

    private static String chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path candidate = Path.of(folder, name);
                if (chromium == null && Files.isExecutable(candidate)) {
                    chromium = candidate.toString();
                }
            }
        }
    }

    /** The page's DOM after load, and every console line the browser logged. */
    private record Loaded(String dom, List<String> console) {
    }

    private Loaded open(Path page) throws IOException, InterruptedException {
        Path profile = Files.createDirectory(dir.resolve("profile-" + page.getFileName()));
        Path log = dir.resolve(page.getFileName() + ".log");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                "--dump-dom", page.toUri().toString())
                .redirectError(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] dom = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        List<String> console = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(":CONSOLE")).toList();
        return new Loaded(new String(dom, StandardCharsets.UTF_8), console);
    }

    private Path page(String name, String html) throws IOException {
        return Files.writeString(dir.resolve(name), html.replace("style-src 'unsafe-inline'",
                "style-src 'unsafe-inline'; script-src 'unsafe-inline'").replace("</body>", PROBE + "</body>"));
    }

    @Test
    void theReportLoadsCleanlyAndShowsEveryPlot() throws Exception {
        assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium): browser test skipped");
        // a page that does log and fetch proves that this browser's console lines are seen at all
        Loaded control = open(page("control.html", "<!DOCTYPE html><html><head>" + HostsReport.POLICY
                + "</head><body><img class=\"plot\" src=\"http://192.0.2.1/x.png\">"
                + "<script>console.error('probe-error')</script></body></html>"));
        assertThat(control.console()).anyMatch(l -> l.contains("probe-error")).anyMatch(l -> l.contains("img-src"));

        Loaded report = open(page("report.html", HostsReportTest.report(PacketPointsTest.traffic())));
        assertThat(report.console()).isEmpty();
        Matcher probe = Pattern.compile("<pre id=\"probe\">([^<]*)</pre>").matcher(report.dom());
        assertThat(probe.find()).as("the probe ran: %s", report.dom().length()).isTrue();
        // two addresses with two plots each, all decoded at their full size; the only script is the probe
        assertThat(probe.group(1)).isEqualTo("images=1000x560,1000x560,1000x560,1000x560 scripts=1 uaText=true");
    }
}
