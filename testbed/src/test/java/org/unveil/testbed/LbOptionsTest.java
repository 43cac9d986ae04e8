package org.unveil.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Option errors are caught before anything is set up, so these need neither root nor namespaces. */
class LbOptionsTest {
    @Test
    void unknownBalanceModeExitsTwoWithOneLine() throws Exception {
        LbRun run = LbRun.run(null, "--balance", "random");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("--balance").contains("random");
    }

    @Test
    void unknownOptionExitsTwoWithOneLine() throws Exception {
        LbRun run = LbRun.run(null, "--backend", "3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("--backend");
    }

    @Test
    void missingOutExitsTwo() throws Exception {
        LbRun run = LbRun.run(null, "--proxy", "nginx");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("--out");
    }
}
