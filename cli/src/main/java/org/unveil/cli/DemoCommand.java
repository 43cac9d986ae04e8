package org.unveil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `unveil demo`: runs the main commands on the small capture bundled with Unveil. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run info, stats and packets on a small bundled capture, to see what Unveil does.",
        footer = {"", "Example:  unveil demo --keep demo.pcap", "", ExitCode.HELP})
final class DemoCommand implements Callable<Integer> {
    static final String RESOURCE = "/org/unveil/cli/demo.pcap";

    @Option(names = "--keep", paramLabel = "FILE", description = "Also save the bundled capture to FILE.")
    Path keep;

    private final OutputStream stdout;
    private final PrintStream stderr;

    DemoCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        Path capture = keep != null ? keep : Files.createTempFile("unveil-demo", ".pcap");
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                stderr.println("unveil: the demo capture is missing from this build");
                return ExitCode.INTERNAL;
            }
            Files.copy(in, capture, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            String file = capture.toString();
            say("$ unveil info " + file);
            int code = Unveil.run(new String[] {"info", "--quiet", file}, stdout, stderr);
            say("$ unveil stats " + file);
            code = Math.max(code, Unveil.run(new String[] {"stats", "--quiet", file}, stdout, stderr));
            say("$ unveil packets " + file + " --fields frame.number,ip.src,ipv6.src,ip.ttl,ip.id,tcp.dstport,"
                    + "tcp.tsval,http.user_agent,tls.sni   (first 12 rows)");
            LineLimit head = new LineLimit(stdout, 13);
            code = Math.max(code, Unveil.run(new String[] {"packets", "--quiet", file, "--fields",
                "frame.number,ip.src,ipv6.src,ip.ttl,ip.id,tcp.dstport,tcp.tsval,http.user_agent,tls.sni"},
                    head, stderr));
            return code;
        } finally {
            if (keep == null) {
                Files.deleteIfExists(capture);
            }
        }
    }

    private void say(String line) throws IOException {
        stdout.write(("\n" + line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdout.flush();
    }

    /** Passes the first lines through and drops the rest, like `| head`. */
    private static final class LineLimit extends OutputStream {
        private final OutputStream out;
        private int lines;

        LineLimit(OutputStream out, int lines) {
            this.out = out;
            this.lines = lines;
        }

        @Override
        public void write(int b) throws IOException {
            if (lines > 0) {
                out.write(b);
                if (b == '\n') {
                    lines--;
                }
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
