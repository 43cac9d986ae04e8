package org.unveil.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.natify.NatCase;

/**
 * Writes the real-stack NAT cases of a case file (hosts' {@code real-nat-cases.csv}) as captures and natify
 * labels, for {@code bench/hosts-accuracy}: one {@code NAME.pcap} and {@code NAME.csv} per case in the output
 * folder, and on stdout one line per case, {@code NAME HOSTS}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.unveil.bench.RealNatCases CASES.csv CORPUS OUT
 * </pre>
 */
public final class RealNatCases {
    /** The NAT's public address, as in the tests: 192.0.2.1, a documentation address. */
    static final String PUBLIC = "192.0.2.1";

    private RealNatCases() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: RealNatCases CASES.csv CORPUS OUT");
            System.exit(2);
        }
        List<NatCase> cases;
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            cases = NatCase.read(in);
        }
        Path corpus = Path.of(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        for (NatCase c : cases) {
            try (OutputStream pcap = new BufferedOutputStream(Files.newOutputStream(out.resolve(c.name() + ".pcap")));
                    Writer labels = Files.newBufferedWriter(out.resolve(c.name() + ".csv"), StandardCharsets.UTF_8)) {
                c.write(corpus, Ipv4.parse(PUBLIC), pcap, labels, 1);
            }
            System.out.println(c.name() + " " + c.hosts());
        }
    }
}
