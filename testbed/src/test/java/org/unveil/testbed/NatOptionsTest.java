package org.unveil.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What testbed/nat decides before any namespace exists: option checks and the seeded plan (no root needed). */
class NatOptionsTest {
    @TempDir
    Path scratch;

    static Stream<List<String>> badOptions() {
        return Stream.of(List.of("--hosts", "0"), List.of("--hosts", "33"), List.of("--nat", "cone"),
                List.of("--duration", "x"), List.of("--mix", "video"), List.of("--servers", "9"),
                List.of("--bogus"), List.of("--seed"), List.of("--host-spec", "ttl=300"),
                List.of("--host-spec", "colour=blue"), List.of("--hosts", "1", "--host-spec", "ts=1",
                        "--host-spec", "ts=0"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void aBadOptionExitsWithCode2AndOneLine(List<String> bad) throws Exception {
        List<String> options = new ArrayList<>(List.of("--out", scratch.resolve("out").toString(), "--plan-only"));
        options.addAll(bad);
        NatScript.Result result = NatScript.run(scratch, options.toArray(String[]::new));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip().lines()).singleElement().asString().startsWith("testbed/nat: ");
        assertThat(scratch.resolve("out")).doesNotExist();
    }

    @Test
    void withoutOutItSaysSoAndExitsWith2() throws Exception {
        NatScript.Result result = NatScript.run(scratch, "--hosts", "2");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).contains("--out");
    }

    @Test
    void theSameSeedGivesTheSameHostsAndPlanAndAnotherSeedAnotherPlan() throws Exception {
        Path a = plan("7", "a");
        Path b = plan("7", "b");
        Path c = plan("8", "c");
        assertThat(a.resolve("hosts.csv")).hasSameTextualContentAs(b.resolve("hosts.csv"));
        assertThat(a.resolve("plan.csv")).hasSameTextualContentAs(b.resolve("plan.csv"));
        assertThat(Files.readString(c.resolve("plan.csv"))).isNotEqualTo(Files.readString(a.resolve("plan.csv")));
    }

    @Test
    void drawnHostsShareUserAgentsAndDifferInStack() throws Exception {
        List<ConfiguredHost> hosts = ConfiguredHost.read(plan("3", "shared").resolve("hosts.csv"));
        assertThat(hosts).hasSize(8);
        assertThat(hosts.stream().map(ConfiguredHost::userAgent).distinct().count()).isLessThan(hosts.size());
        assertThat(hosts.stream().map(ConfiguredHost::ttl).distinct().count()).isGreaterThan(1);
        assertThat(hosts.stream().map(ConfiguredHost::tcpTimestamps).distinct().count()).isGreaterThan(1);
    }

    @Test
    void aHostSpecSetsItsHostAndLeavesTheOthersAsDrawn() throws Exception {
        List<ConfiguredHost> drawn = ConfiguredHost.read(plan("5", "drawn").resolve("hosts.csv"));
        String ua = "Mozilla/5.0 (X11, \"quoted\" no) like Gecko";
        Path dir = scratch.resolve("spec");
        NatScript.Result result = NatScript.run(scratch, "--plan-only", "--seed", "5", "--out", dir.toString(),
                "--host-spec", "ttl=128,sack=0,ua=" + ua);
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2); // '"' is refused: hosts.csv could not hold it
        result = NatScript.run(scratch, "--plan-only", "--seed", "5", "--out", dir.toString(),
                "--host-spec", "ttl=128,sack=0,ua=Mozilla/5.0 (X11, Testbed) like Gecko");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<ConfiguredHost> specified = ConfiguredHost.read(dir.resolve("hosts.csv"));
        ConfiguredHost first = drawn.getFirst();
        assertThat(specified.getFirst()).isEqualTo(new ConfiguredHost(first.name(), first.address(), 128,
                first.tcpTimestamps(), first.windowScaling(), 0, "Mozilla/5.0 (X11, Testbed) like Gecko"));
        assertThat(specified.subList(1, specified.size())).isEqualTo(drawn.subList(1, drawn.size()));
        assertThat(dir.resolve("plan.csv")).hasSameTextualContentAs(scratch.resolve("drawn/plan.csv"));
    }

    private Path plan(String seed, String name) throws Exception {
        Path dir = scratch.resolve(name);
        NatScript.Result result = NatScript.run(scratch, "--plan-only", "--hosts", "8", "--seed", seed, "--out",
                dir.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return dir;
    }
}
