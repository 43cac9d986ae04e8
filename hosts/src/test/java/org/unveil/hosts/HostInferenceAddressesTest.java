package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.synth.model.HostMix;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;
import org.unveil.synth.traffic.Scenario;

/** Many addresses at once (inferred side by side): each as if it were alone, listed in address order. */
class HostInferenceAddressesTest {
    @TempDir
    Path dir;

    @Test
    void everyAddressIsInferredAsIfAloneAndListedInAddressOrder() throws IOException {
        int hosts = 8;
        Scenario scenario = new Scenario(5, Scenario.DEFAULT_START_NANOS, 120_000_000_000L, 0,
                HostMix.named("all").hosts(hosts, Ipv4.parse("10.0.0.10"), new SplittableRandom(5)), NatModel.NONE,
                new PathModel(0, 0, 0), 0.5, 100_000);
        List<FlowEvidence> flows = SyntheticEvidence.collect(scenario, dir.resolve("all.pcap"), dir.resolve("all.csv"));

        List<AddressHosts> all = HostInference.infer(flows, null);

        assertThat(all).extracting(AddressHosts::address)
                .hasSize(hosts) // no NAT: one address a host
                .isSortedAccordingTo(String::compareTo);
        for (AddressHosts together : all) {
            AddressHosts alone = HostInference.infer(flows, together.address()).getFirst();
            assertThat(together.hostCount()).isEqualTo(alone.hostCount());
            assertThat(together.hostOf()).isEqualTo(alone.hostOf());
            assertThat(together.confidence()).isEqualTo(alone.confidence());
            assertThat(together.hosts()).isEqualTo(alone.hosts());
        }
    }
}
