package org.unveil.capture.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.summary.CaptureSummary;

/**
 * The packet count of every corpus capture agrees with capinfos; the files capinfos refuses are read
 * without a crash and with the reason visible (damage reported or a link type left undecoded).
 */
class CapinfosOracleTest {

    record Reading(CaptureSummary summary, List<CaptureProblem> problems, int[] linkTypes, String openError) {
    }

    static Reading read(Path file) throws IOException {
        List<CaptureProblem> problems = new ArrayList<>();
        CaptureSummary summary = new CaptureSummary();
        try (CaptureReader reader = Captures.open(file.toString(), problems::add)) {
            Packet packet = new Packet();
            PacketLayers layers = new PacketLayers();
            while (reader.next(packet)) {
                summary.add(packet, PacketDecoder.decode(packet, layers));
            }
            return new Reading(summary, problems, reader.linkTypes(), null);
        } catch (CaptureException e) {
            return new Reading(summary, problems, new int[0], e.getMessage());
        }
    }

    /** capinfos -T -r -c -M prints "file<TAB>count" for each file it can read. */
    private static Map<String, Long> capinfosCounts(List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("capinfos", "-T", "-r", "-c", "-M"));
        files.forEach(f -> command.add(f.toString()));
        Map<String, Long> counts = new HashMap<>();
        for (String line : ExternalTool.run(command).split("\n")) {
            String[] cells = line.split("\t");
            if (cells.length == 2 && !cells[1].isBlank()) {
                counts.put(cells[0], Long.parseLong(cells[1].trim()));
            }
        }
        return counts;
    }

    @Test
    void packetCountsAgreeWithCapinfosOnEveryFileItReads() throws Exception {
        ExternalTool.require("capinfos");
        List<Path> files = Corpus.allCaptures();
        Map<String, Long> expected = capinfosCounts(files);
        assertThat(expected).as("capinfos read most of the corpus").hasSizeGreaterThan(files.size() * 9 / 10);

        List<String> disagreements = new ArrayList<>();
        for (Path file : files) {
            Long count = expected.get(file.toString());
            if (count == null) {
                continue;
            }
            Reading reading = read(file);
            if (reading.openError() != null || reading.summary().packets() != count) {
                disagreements.add(file.getFileName() + ": capinfos " + count + ", unveil "
                        + reading.summary().packets() + (reading.openError() == null ? "" : " " + reading.openError()));
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void filesCapinfosRefusesAreReadWithTheReasonVisible() throws Exception {
        ExternalTool.require("capinfos");
        List<Path> files = Corpus.allCaptures();
        Map<String, Long> readable = capinfosCounts(files);
        List<Path> refused = files.stream().filter(f -> !readable.containsKey(f.toString())).toList();
        assertThat(refused).as("the corpus README promises bad-input files").isNotEmpty();

        for (Path file : refused) {
            Reading reading = read(file);
            boolean undecodedLink = false;
            for (int type : reading.linkTypes()) {
                undecodedLink |= !LinkType.isDecoded(type);
            }
            assertThat(reading.openError() != null || !reading.problems().isEmpty() || undecodedLink)
                    .as("%s: refused by capinfos, so unveil must say why", file.getFileName()).isTrue();
        }
    }
}
