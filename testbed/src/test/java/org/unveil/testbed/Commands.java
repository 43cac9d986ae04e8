package org.unveil.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small process helpers the namespace tests share: a command's output, and a script found from the module. */
final class Commands {
    private Commands() {
    }

    /** What {@code command} printed (stdout and stderr), once it has ended. */
    static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** The executable at {@code relative} in the working directory or the nearest parent holding it, or null. */
    static Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        return null;
    }
}
