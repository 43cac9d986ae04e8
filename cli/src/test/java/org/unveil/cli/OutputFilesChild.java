package org.unveil.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** A JVM of its own that writes one output: "commit FILE" writes it whole, "hold FILE" waits to be killed. */
public final class OutputFilesChild {
    private OutputFilesChild() {
    }

    public static void main(String[] args) throws Exception {
        OutputFiles.Output out = new OutputFiles(new CommandLine(CommandLine.Model.CommandSpec.create()))
                .output("-o", args[1]);
        try (OutputFiles.Sink sink = out.open(System.out)) {
            sink.write("new contents\n".getBytes(StandardCharsets.UTF_8));
            sink.flush();
            if (args[0].equals("hold")) {
                System.out.println("open " + Path.of(args[1]).getFileName());
                System.out.flush();
                Thread.sleep(60_000);
            }
            sink.commit();
        }
    }
}
