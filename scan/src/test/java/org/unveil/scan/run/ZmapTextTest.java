package org.unveil.scan.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(args).containsSequence("-r", "10000").doesNotContain("-B", "-n").noneMatch(a -> a.startsWith("--shard"));
    }

    @Test
    void bandwidthTargetCapAndShardsArePassedOn() {
        ZmapVersion v = ZmapVersion.parse("zmap 2.1.1");
        var o = new ZmapOptions(List.of("zmap"), Probe.TCP_SYNSCAN, 80, 10_000, null, null, null, 8, 7, "10M", "25%", 4,
                3);
        List<String> args = ZmapRunner.arguments(o, v, Path.of("a"), Path.of("b"), Path.of("m"));
        assertThat(args).containsSequence("-B", "10M").doesNotContain("-r").containsSequence("-n", "25%")
                .containsSequence("-e", "7").contains("--shards=4", "--shard=3");
    }

    @Test
    void badBandwidthTargetCapsAndShardsAreRefusedInPlainWords() {
        assertThatThrownBy(() -> options("10 Mbit", null, 1, 0, -1)).hasMessage("--bandwidth '10 Mbit' is not bits"
                + " a second (10000000, 10M, 1G)");
        assertThatThrownBy(() -> options(null, "101%", 1, 0, -1)).hasMessageStartingWith("--max-targets '101%' is"
                + " not a count");
        assertThatThrownBy(() -> options(null, "0", 1, 0, -1)).hasMessageStartingWith("--max-targets '0'");
        assertThatThrownBy(() -> options(null, null, 4, 4, 7)).hasMessageStartingWith("--shard 4 of --shards 4:");
        assertThatThrownBy(() -> options(null, null, 0, 0, 7)).hasMessageStartingWith("--shard 0 of --shards 0:");
        assertThatThrownBy(() -> options(null, null, 2, 0, -1)).hasMessageStartingWith("--shards 2 needs --seed");
        assertThat(options("1G", "1000", 2, 1, 7).shard()).isEqualTo(1);
    }

    private static ZmapOptions options(String bandwidth, String maxTargets, int shards, int shard, long seed) {
        return new ZmapOptions(List.of("zmap"), Probe.TCP_SYNSCAN, 80, 10, null, null, null, 8, seed, bandwidth,
                maxTargets, shards, shard);
    }
}
