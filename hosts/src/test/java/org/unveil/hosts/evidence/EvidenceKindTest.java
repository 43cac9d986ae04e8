package org.unveil.hosts.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceKindTest {
    @Test
    void everyKindHasItsOwnNameAndAReason() {
        List<String> labels = Arrays.stream(EvidenceKind.values()).map(EvidenceKind::label).toList();
        assertThat(labels).doesNotHaveDuplicates().allMatch(l -> l.matches("[a-z][a-z/-]*"));
        assertThat(EvidenceKind.values()).allMatch(k -> !k.reason().isBlank());
    }

    @Test
    void reportsListKindsByName() {
        assertThat(EvidenceKind.labels(EnumSet.of(EvidenceKind.USER_AGENT, EvidenceKind.TTL, EvidenceKind.CLOCK_SKEW)))
                .containsExactly("clock-skew", "ttl", "user-agent");
    }

    @Test
    void theReadmeTableNamesEveryKind() throws IOException {
        // the names are a contract (hosts --json): each must be documented, and the table holds no stale one
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Evidence kinds"), readme.indexOf("## Evidence (package"));
        List<String> documented = table.lines().filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(3, l.indexOf('`', 3))).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EvidenceKind.values()).map(EvidenceKind::label).toList());
    }

    @Test
    void breaksSpeakAgainstAndSharedEvidenceFor() {
        assertThat(EvidenceKind.IPID_SEQUENCE_BREAK.bits()).isNegative();
        assertThat(EvidenceKind.COOKIE.bits()).isGreaterThan(EvidenceKind.USER_AGENT.bits());
        assertThat(EvidenceKind.TCP_CLOCK.bits()).isNaN(); // measured from the capture, never fixed
    }
}
