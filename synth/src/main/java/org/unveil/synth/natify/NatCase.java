package org.unveil.synth.natify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.synth.model.Ipv4;

/**
 * A NAT test case made of real machines: single-host captures shifted onto one time line and natified to one
 * public address, the labels written by {@link Natifier} (each member's own client address is its label).
 *
 * @param name the case's name, one word
 * @param remapPorts whether the NAT draws a public port for every flow (else keeps free ones)
 * @param members the machines, each a capture, its client address and when on the time line it starts
 */
public record NatCase(String name, boolean remapPorts, List<Member> members) {
    /** Where every case's time line starts: 2026-01-01T00:00:00Z. */
    public static final long EPOCH_NANOS = 1_767_225_600_000_000_000L;

    /**
     * One machine of a case.
     *
     * @param file the capture, relative to the corpus folder
     * @param address its client address, the label natify gives its flows
     * @param startSeconds where its capture's first packet goes, in seconds after the case's start
     */
    public record Member(String file, String address, double startSeconds) {
    }

    /** What was written: packets, frames dropped as repeats, public flows labelled. */
    public record Written(long packets, long repeats, long flows) {
    }

    public NatCase {
        members = List.copyOf(members);
    }

    /** The distinct machines: the true host count natify's labels will show, if each sends a flow. */
    public int hosts() {
        return (int) members.stream().map(m -> m.file() + " " + m.address()).distinct().count();
    }

    /**
     * Reads cases, one a line: {@code name,preserve|remap,file address start; file address start; ...}; lines
     * starting with {@code #} and blank lines are comments.
     *
     * @throws IllegalArgumentException naming the line that is not a case
     */
    public static List<NatCase> read(Reader text) throws IOException {
        List<NatCase> cases = new ArrayList<>();
        BufferedReader in = new BufferedReader(text);
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", 3);
            if (fields.length != 3 || !fields[1].matches("preserve|remap")) {
                throw new IllegalArgumentException("line " + number + ": not name,preserve|remap,members: " + line);
            }
            List<Member> members = new ArrayList<>();
            for (String m : fields[2].split(";")) {
                String[] parts = m.trim().split("\\s+");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("line " + number + ": not 'file address start': " + m);
                }
                Ipv4.parse(parts[1]);
                members.add(new Member(parts[0], parts[1], Double.parseDouble(parts[2])));
            }
            cases.add(new NatCase(fields[0].trim(), fields[1].equals("remap"), members));
        }
        return cases;
    }

    /**
     * Writes the case's capture and labels from the captures under {@code corpus}.
     *
     * @throws IllegalArgumentException when a member's address appears in another member's capture, or the
     *     public address in any: natify would then rewrite packets of the wrong machine
     */
    public Written write(Path corpus, int publicAddress, OutputStream pcap, Writer labels, long seed)
            throws IOException {
        Set<String> files = new LinkedHashSet<>();
        for (Member m : members) {
            files.add(m.file());
        }
        Map<String, Set<Integer>> addresses = new HashMap<>();
        for (String f : files) {
            addresses.put(f, addressesIn(corpus.resolve(f)));
        }
        int[] inside = new int[members.size()];
        for (int i = 0; i < inside.length; i++) {
            Member m = members.get(i);
            inside[i] = Ipv4.parse(m.address());
            if (!addresses.get(m.file()).contains(inside[i])) {
                throw new IllegalArgumentException(name + ": " + m.address() + " is not in " + m.file());
            }
            for (String f : files) {
                if (!f.equals(m.file()) && addresses.get(f).contains(inside[i])) {
                    throw new IllegalArgumentException(name + ": " + m.address() + " of " + m.file()
                            + " also appears in " + f);
                }
            }
        }
        for (String f : files) {
            if (addresses.get(f).contains(publicAddress)) {
                throw new IllegalArgumentException(name + ": the public address appears in " + f);
            }
        }
        List<CaptureTimeline.Input> inputs = new ArrayList<>();
        for (String f : files) {
            double start = members.stream().filter(m -> m.file().equals(f)).mapToDouble(Member::startSeconds).min()
                    .orElseThrow();
            inputs.add(new CaptureTimeline.Input(corpus.resolve(f), EPOCH_NANOS + Math.round(start * 1e9)));
        }
        Natifier natifier = new Natifier(pcap, labels, publicAddress, inside, remapPorts, seed);
        CaptureTimeline.Result read = CaptureTimeline.read(inputs, natifier::accept);
        Natifier.Result r = natifier.finish(LinkType.ETHERNET);
        return new Written(read.packets(), read.repeats(), r.flows());
    }

    private static Set<Integer> addressesIn(Path file) throws IOException {
        Set<Integer> seen = new HashSet<>();
        try (CaptureReader reader = Captures.open(file.toString(), ProblemListener.IGNORE)) {
            Packet packet = new Packet();
            PacketLayers layers = new PacketLayers();
            while (reader.next(packet)) {
                PacketDecoder.decode(packet, layers);
                if (layers.ipVersion() == 4) {
                    seen.add(layers.ipv4().source());
                    seen.add(layers.ipv4().destination());
                }
            }
        }
        return seen;
    }
}
