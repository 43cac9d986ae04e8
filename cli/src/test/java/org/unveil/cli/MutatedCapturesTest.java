package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.oracle.CaptureMutation;
import org.unveil.capture.oracle.Corpus;

/**
 * The commands over seeded mutants of corpus captures, plain and gzip-compressed: every run ends in time with a
 * documented exit code, one plain line per problem on stderr (no class name, no stack trace), and JSON that
 * parses and is UTF-8. {@code -Dunveil.mutants=1000} (bench/robustness) widens the sweep; CI runs 120.
 */
class MutatedCapturesTest {
    private static final int MUTANTS = Integer.getInteger("unveil.mutants", 120);
    private static final long SEED = 0x5EED_2026_12L;
    private static final long TIME_LIMIT_SECONDS = 30;
    /**
     * What a plain-words message never holds: a Java class name (qualified, or any word ending in Exception or
     * Error), an object's identity (Foo@1b6d3586, [B@4aa298b7), a stack frame or its "Caused by", a null message.
     */
    static final Pattern LEAK = Pattern.compile(String.join("|",
            "\\b[a-z]\\w*(\\.[a-z]\\w*)+\\.[A-Z]\\w*(Exception|Error)\\b",
            "\\b(java|javax|jdk|sun|picocli|org\\.unveil|com\\.fasterxml)(\\.\\w+)*\\.[A-Z]\\w*",
            "\\w*Exception\\b",
            "\\b[A-Z]\\w*Error\\b",
            "\\b[A-Z]\\w*@[0-9a-f]{4,}\\b|\\[[BCDFIJSZL][\\w.;]*@[0-9a-f]{4,}\\b",
            "^\\s*at [\\w$.]+\\(|\\bat [\\w$]+(\\.[\\w$]+)+\\([\\w$]+\\.java:\\d+\\)|Caused by:",
            "\\(null\\)|:\\s*null\\s*$"));

    @TempDir
    static Path dir;

    private static List<byte[]> seeds = List.of();
    private static ExecutorService worker;

    @BeforeAll
    static void seeds() throws IOException {
        List<byte[]> plain = Corpus.seedFiles(120);
        List<byte[]> all = new ArrayList<>(plain);
        for (byte[] p : plain) { // gzip of every seed, so that damage lands in compressed streams too
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(p);
            }
            all.add(gz.toByteArray());
        }
        seeds = all;
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mutant-commands");
            t.setDaemon(true); // a hung run must not keep the test JVM alive
            return t;
        });
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** One command over a mutant: what it printed and how it ended. */
    record Run(String command, int code, byte[] out, String err) {
    }

    @Test
    void everyCommandEndsCleanlyOnEveryMutant() throws Exception {
        Corpus.require();
        Random random = new Random(SEED);
        Path file = dir.resolve("mutant.pcap");
        int damaged = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            CaptureMutation mutation = CaptureMutation.random(random);
            Files.write(file, mutation.apply(seeds));
            String f = file.toString();
            for (String[] args : List.of(
                    new String[] {"info", "--json", f},
                    new String[] {"stats", "--json", "--threads", "2", f},
                    new String[] {"packets", "--format", "jsonl", "--fields",
                        "frame.number,ip.src,ipv6.src,tcp.srcport,http.user_agent,http.host,tls.sni", f},
                    new String[] {"hosts", "--json", f},
                    new String[] {"trace", "--payload", "(a|b|-)+@[a-z]+", f})) {
                Run run = run(args, mutation);
                String failure = failure(run);
                if (failure != null) {
                    failures.add("unveil " + String.join(" ", args).replace(f, "F") + " on " + mutation + ": " + failure);
                }
                damaged += run.code() == ExitCode.DAMAGED_INPUT ? 1 : 0;
            }
        }
        assertThat(failures).as("%d failures, the first: %s", failures.size(),
                failures.stream().limit(10).toList()).isEmpty();
        assertThat(damaged).as("some mutants are damaged captures that were read in part").isPositive();
    }

    private static Run run(String[] args, CaptureMutation mutation) throws Exception {
        Future<Run> future = worker.submit(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Unveil.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(args[0], code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        });
        try {
            return future.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("unveil " + String.join(" ", args) + " hung on " + mutation);
        }
    }

    /** What is wrong with a run, or null. */
    private static String failure(Run run) {
        if (run.code() != ExitCode.OK && run.code() != ExitCode.DAMAGED_INPUT && run.code() != ExitCode.NO_INPUT) {
            return "exit " + run.code() + ": " + run.err();
        }
        for (String line : run.err().lines().toList()) {
            if (!line.startsWith("unveil") || LEAK.matcher(line).find()) {
                return "stderr: " + line;
            }
        }
        if (run.code() == ExitCode.NO_INPUT || run.command().equals("trace")) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(run.out())).toString();
        } catch (CharacterCodingException e) {
            return "the output is not UTF-8";
        }
        try {
            ObjectMapper json = new ObjectMapper();
            for (String document : run.command().equals("packets") ? text.lines().toList() : List.of(text)) {
                if (!json.readTree(document).isObject()) {
                    return "not a JSON object: " + document;
                }
            }
        } catch (IOException e) {
            return "JSON does not parse: " + e.getMessage().lines().findFirst().orElse("");
        }
        return null;
    }
}
