package org.unveil.stream.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The captures of a capture job: files as given, and for a folder the regular files in it, by name. */
public final class CaptureFiles {
    private CaptureFiles() {
    }

    /**
     * Each argument that names a folder replaced by the regular files directly in it (hidden ones left out), sorted
     * by name, so the run's file order, which the merges follow, is fixed; other arguments kept as they are.
     */
    public static List<String> expand(List<String> arguments) throws IOException {
        List<String> files = new ArrayList<>();
        for (String a : arguments) {
            Path p = Path.of(a);
            if (!a.equals("-") && Files.isDirectory(p)) {
                try (Stream<Path> in = Files.list(p)) {
                    in.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                            .map(Path::toString).sorted().forEach(files::add);
                }
            } else {
                files.add(a);
            }
        }
        return files;
    }
}
