package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.unveil.gateway.GatewayConfig;
import org.unveil.gateway.GatewayNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `unveil gateway node`: one node's daemon, until SIGTERM or Ctrl-C. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run one GLOB gateway node: its rules over the (internal port x external port) space as"
                + " nftables rules at raw priority (one transaction per change, loads from their counters), GLOB's"
                + " state and rule transfers (Appendix 1, mark 2) with its peers over UDP, heartbeats, and the"
                + " take-over of a failed peer's rules. Needs root (nft). See testbed/gateway for a cluster in"
                + " network namespaces."},
        footer = {"", "Config file (key = value): node, control (every node's ip:port by id), internal-interface,",
            "external-interface, service (the shared addresses), poll, heartbeat, timeout (seconds).", "",
            "Exit codes: 0 stopped; 2 bad config; 3 config unreadable; 5 nft failed; 70 internal error."})
final class GatewayNodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "F", description = "The node's configuration file.")
    Path config;

    @Option(names = "--nft", defaultValue = "nft", paramLabel = "PATH", description = "The nft command.")
    String nft;

    private final PrintStream stdout;
    private final PrintStream stderr;

    GatewayNodeCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        GatewayConfig settings;
        try {
            settings = GatewayConfig.read(config);
        } catch (NoSuchFileException e) {
            stderr.println(config + ": no such file");
            return ExitCode.NO_INPUT;
        } catch (IOException e) {
            stderr.println(config + ": cannot be read");
            return ExitCode.NO_INPUT;
        } catch (IllegalArgumentException e) {
            stderr.println(e.getMessage());
            return ExitCode.USAGE;
        }
        try (GatewayNode node = new GatewayNode(settings, nft, stdout)) {
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                node.stop();
                try {
                    main.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            node.run();
            return ExitCode.OK;
        } catch (IOException e) {
            stderr.println("gateway node " + settings.node() + ": " + e.getMessage());
            return e.getMessage() != null && e.getMessage().startsWith("nft") ? ExitCode.SCANNER : ExitCode.OUTPUT;
        }
    }
}
