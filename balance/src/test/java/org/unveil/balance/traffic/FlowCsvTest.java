package org.unveil.balance.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsColumnsInAnyOrderAndSortsByStart() throws IOException {
        Path f = Files.writeString(dir.resolve("f.csv"), """
                proto,src,sport,dst,dport,packets,bytes,start,duration
                udp,10.0.0.1,5353,192.0.2.53,53,2,150,964483201.5,0.02
                tcp,10.0.0.2,40000,198.51.100.80,8080,10,9000,964483200.25,1.5
                """);
        List<FlowRecord> flows = FlowCsv.read(f);
        assertThat(flows).hasSize(2);
        FlowRecord first = flows.getFirst();
        assertThat(first.startNanos()).isEqualTo(964_483_200_250_000_000L);
        assertThat(first.durationNanos()).isEqualTo(1_500_000_000L);
        assertThat(first.protocol()).isEqualTo(6);
        assertThat(first.source()).isEqualTo((10L << 24) | 2);
        assertThat(first.destinationPort()).isEqualTo(8080);
        assertThat(flows.get(1).protocol()).isEqualTo(17);
    }

    @Test
    void aBadLineIsReportedWithItsNumber() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), """
                start,duration,proto,src,sport,dst,dport,packets,bytes
                1,0,tcp,10.0.0.1,1,192.0.2.1,80,1,40
                2,0,tcp,10.0.0.999,1,192.0.2.1,80,1,40
                """);
        assertThatThrownBy(() -> FlowCsv.read(f)).isInstanceOf(IOException.class)
                .hasMessage(f + ": line 3: '10.0.0.999' is not an IPv4 address");
    }

    @Test
    void aMissingColumnIsNamed() throws IOException {
        Path f = Files.writeString(dir.resolve("cols.csv"), "start,duration,proto,src,sport,dst,packets,bytes\n");
        assertThatThrownBy(() -> FlowCsv.read(f)).hasMessageContaining("missing column 'dport'");
    }
}
