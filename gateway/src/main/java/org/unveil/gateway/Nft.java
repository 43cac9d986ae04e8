package org.unveil.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the nft command: one transaction from a script on stdin, or a listing. */
final class Nft {
    private final String command;

    Nft(String command) {
        this.command = command;
    }

    /** Applies {@code script} atomically ({@code nft -f -}); fails with nft's own words. */
    void apply(String script) throws IOException {
        run(List.of(command, "-f", "-"), script);
    }

    String listTable() throws IOException {
        return run(List.of(command, "list", "table", "inet", NftScript.TABLE), "");
    }

    private static String run(List<String> args, String input) throws IOException {
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("nft failed: " + output.strip().lines().findFirst().orElse(""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while nft ran");
        }
        return output;
    }
}
