package org.unveil.scan.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** zmap's status lines and version text as zmap 2.1.1 printed them on the lab, and the arguments per version. */
class ZmapTextTest {
    @Test
    void statusLines() {
        assertThat(ZmapStatus.parse(" 0:01 50%; send: 32 done (331 p/s avg); recv: 3 2 p/s (2 p/s avg); drops: 0 p/s"
                + " (0 p/s avg); hitrate: 9.38%")).isEqualTo(new ZmapStatus("0:01", 50, null, 32, "done (331 p/s avg)",
                3, 9.38 / 100));
        assertThat(ZmapStatus.parse(" 0:05 5% (1m35s left); send: 3621 0 p/s (714 p/s avg); recv: 0 0 p/s (0 p/s avg);"
                + " drops: 0 p/s (0 p/s avg); hitrate: 0.00%").left()).isEqualTo("1m35s");
        assertThat(ZmapStatus.parse("Dec 03 05:41:44.043 [INFO] zmap: output module: csv")).isNull();
    }

    @Test
    void versionsAndTheirFieldNames() {
        ZmapVersion old = ZmapVersion.parse("zmap 2.1.1\n");
        assertThat(old).isEqualTo(new ZmapVersion(2, 1, "zmap 2.1.1"));
        assertThat(old.field("timestamp_ts")).isEqualTo("timestamp-ts");
        ZmapVersion v4 = ZmapVersion.parse("zmap 4.3.1");
        assertThat(v4.field("timestamp_ts")).isEqualTo("timestamp_ts");
        assertThat(ZmapVersion.parse("command not found")).isNull();
        var o = new ZmapOptions(List.of("zmap"), Probe.ICMP_ECHOSCAN, -1, 10_000, null, null, null, 8, -1);
        List<String> args = ZmapRunner.arguments(o, old, Path.of("a"), Path.of("b"), Path.of("m"));
        assertThat(args).doesNotContain("-p").containsSequence("-w", "a", "-b", "b")
                .contains("saddr,classification,success,repeat,ttl,timestamp-ts,timestamp-us");
    }
}
