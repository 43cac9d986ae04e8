package org.unveil.synth.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.synth.model.HostMix;
import org.unveil.synth.model.HostProfile;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;

/**
 * Labelled captures are ground truth for the host-counting tests, so their bytes are a contract: these digests
 * (pcap, labels, hosts CSV) were taken from the generator as it was before it moved onto the shared generator
 * module (main at 12355f8), with fixed seeds over every OS family, both NAT modes and a lossy, jittery path.
 */
class GoldenCaptureTest {
    @TempDir
    Path dir;

    private static List<HostProfile> mix(String name, int count, long seed) {
        return HostMix.named(name).hosts(count, Ipv4.parse("10.0.0.10"), new SplittableRandom(seed));
    }

    private void expect(String name, Scenario scenario, String pcap, String labels, String hosts) throws IOException {
        Generate.Files3 run = Generate.run(dir, name, scenario);
        assertThat(List.of(sha256(run.pcap()), sha256(run.labels()), sha256(run.hosts())))
                .as(name).containsExactly(pcap, labels, hosts);
    }

    @Test
    void everyFamilyBehindAPortPreservingNatOnALossyPath() throws IOException {
        List<HostProfile> hosts = mix("all", 24, 3);
        hosts = hosts.stream().map(h -> h.withClock(h.clock().withReboots(Scenario.DEFAULT_START_NANOS
                + Generate.MINUTE))).toList();
        expect("preserve", Generate.scenario(3, 2 * Generate.MINUTE, hosts,
                new NatModel(NatModel.Mode.PRESERVE, Ipv4.parse("192.0.2.1")), new PathModel(1500, 0.02, 0.03), 2),
                "ca94c8bdebf51c493c24ef24116670a7dc8369658bcff18cc18f887cc45e5850", "27a3a750487093b06273f7506ed3cd86af1ded9ca456ee30253c09d361e084ac", "bee4ad47b71a30f3915c6f1027f8654d03141398aa0730cf0fb88d72604a4806");
    }

    @Test
    void anOfficeBehindARandomisingNat() throws IOException {
        expect("random", Generate.scenario(11, 2 * Generate.MINUTE, mix("office", 20, 11),
                new NatModel(NatModel.Mode.RANDOM, Ipv4.parse("198.51.100.7")), PathModel.PERFECT, 1),
                "7abcfa23e701c323c0c548ded648d9671b681945c0752ee94f54bb38b56239b6", "c631971667934622d2272314891bb233f9d601e6fdf30a85f09ceaadbc5ae273", "fbfb758fb94f5e03ff7119b7bea4648601c35e11e81b71f3eeeee2d249021723");
    }

    @Test
    void legacyHostsWithoutNat() throws IOException {
        expect("none", Generate.scenario(5, 3 * Generate.MINUTE, mix("legacy", 6, 5), NatModel.NONE,
                new PathModel(300, 0, 0.01), 3), "6ec8cdbf9e98dc1ad9f40055e06f1377a3d2397c25bd7a3802869e5c9f366010", "08f5b057ae95b43cbbe34a8555ddbb159a7fde3cdddf0b498ee1b0d7d48a403f", "a4360f08da0debd4f674710af8408a67579a5c7f218cad0e0e313cb9adbaa5f6");
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
