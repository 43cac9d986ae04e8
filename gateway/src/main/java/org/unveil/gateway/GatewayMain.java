package org.unveil.gateway;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts one node without the command line front end ({@code java -cp ... org.unveil.gateway.GatewayMain F}),
 * as the testbed does from its own classpath; {@code unveil gateway node --config F} is the same daemon.
 */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GatewayMain CONFIG");
            System.exit(2);
        }
        GatewayConfig config;
        try {
            config = GatewayConfig.read(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try (GatewayNode node = new GatewayNode(config, "nft", System.out)) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.stop();
                try {
                    main.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            node.run();
        }
    }
}
