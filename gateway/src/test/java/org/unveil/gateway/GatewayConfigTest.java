package org.unveil.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTestbedsFormat() throws Exception {
        Path file = Files.writeString(dir.resolve("n.conf"), """
                # node 1 of 3
                node = 1
                control = 192.0.2.10:7400, 192.0.2.11:7400, 192.0.2.12:7400
                internal-interface = in0
                external-interface = ex0
                service = 198.51.100.1, 203.0.113.1
                poll = 2
                """);
        GatewayConfig config = GatewayConfig.read(file);
        assertThat(config.node()).isEqualTo(1);
        assertThat(config.control()).hasSize(3);
        assertThat(config.control().get(2).getPort()).isEqualTo(7400);
        assertThat(config.pollNanos()).isEqualTo(2_000_000_000L);
        assertThat(config.detectionNanos()).isEqualTo(600_000_000L);
        assertThat(config.transfer()).as("the thesis's transfers by default").isEqualTo(TransferMode.THESIS);
    }

    @Test
    void theTransferModeIsAKeyOfItsOwn() throws Exception {
        String base = "node = 0\ncontrol = 192.0.2.10:7400\ninternal-interface = in0\nexternal-interface = ex0\n"
                + "service = 198.51.100.1\n";
        Path ours = Files.writeString(dir.resolve("nd.conf"), base + "transfer = non-disruptive\n");
        assertThat(GatewayConfig.read(ours).transfer()).isEqualTo(TransferMode.NON_DISRUPTIVE);
        Path bad = Files.writeString(dir.resolve("bad-transfer.conf"), base + "transfer = gentle\n");
        assertThatThrownBy(() -> GatewayConfig.read(bad))
                .hasMessage(bad + ": transfer must be thesis or non-disruptive, not gentle");
    }

    @Test
    void mistakesAreNamedInPlainWords() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.conf"), "node = 4\ncontrol = 192.0.2.10:7400\n"
                + "internal-interface = in0\nexternal-interface = ex0\nservice = 198.51.100.1\n");
        assertThatThrownBy(() -> GatewayConfig.read(file)).hasMessage(file + ": node 4 is not among the 1 control"
                + " addresses");
        Path noEquals = Files.writeString(dir.resolve("eq.conf"), "node 4\n");
        assertThatThrownBy(() -> GatewayConfig.read(noEquals)).hasMessage(noEquals + ": line 1: expected key = value");
        Path badName = Files.writeString(dir.resolve("if.conf"), "node = 0\ncontrol = 192.0.2.10:7400\n"
                + "internal-interface = in0; rm\nexternal-interface = ex0\nservice = 198.51.100.1\n");
        assertThatThrownBy(() -> GatewayConfig.read(badName)).hasMessageContaining("not an interface name");
    }
}
