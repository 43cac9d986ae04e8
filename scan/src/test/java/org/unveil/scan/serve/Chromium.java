package org.unveil.scan.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Headless Chromium for the dashboard's tests: found on PATH, else installed with apt-get (as root), else skipped. */
final class Chromium {
    private static Path binary;

    private Chromium() {
    }

    /** What Chromium saw: the DOM after the page's scripts ran, and what it logged (console messages among it). */
    record Loaded(String dom, String log) {
    }

    static synchronized Path binary() throws Exception {
        if (binary == null) {
            binary = find();
            if (binary == null && Path.of("/usr/bin/apt-get").toFile().canExecute()
                    && "root".equals(System.getProperty("user.name"))) {
                run(List.of("apt-get", "install", "-y", "-qq", "chromium"), 600);
                binary = find();
            }
            Assumptions.assumeTrue(binary != null, "no chromium on PATH and apt-get could not install it:"
                    + " the dashboard's browser tests are skipped");
        }
        return binary;
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Loads {@code url} headless and returns the DOM once the page's scripts are done (virtual time runs out). */
    static Loaded load(String url, Path profile) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom", url));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".log");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s");
        }
        return new Loaded(dom, Files.readString(err));
    }

    private static void run(List<String> cmd, int seconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
