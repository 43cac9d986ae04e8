package org.unveil.testbed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Whether this machine can run a namespace scenario; a test is skipped, with the reason, when it cannot. */
final class NamespaceTestbed {
    private NamespaceTestbed() {
    }

    static void assumeRunnable(String... tools) {
        assumeTrue(isRoot(), "testbed needs root for network namespaces (CI runs scripts/test as root)");
        for (String tool : tools) {
            assumeTrue(onPath(tool), "testbed needs " + tool + " (scripts/test installs it)");
        }
        // Listing works in containers that forbid creating: only making one proves the scenarios can run.
        String probe = "unveil-probe-" + ProcessHandle.current().pid();
        assumeTrue(succeeds("ip", "netns", "add", probe) && succeeds("ip", "netns", "del", probe),
                "cannot create network namespaces here (ip netns add failed)");
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
