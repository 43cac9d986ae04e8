package org.unveil.balance.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The balance experiments are reproduced from seeds, so the flow log is a contract: these digests of every
 * record were taken before the generator shared its port and distribution code (main at 12355f8).
 */
class SyntheticTrafficGoldenTest {
    private static String digest(long seed, SyntheticTraffic.Options options) {
        StringBuilder all = new StringBuilder();
        for (FlowRecord f : new SyntheticTraffic(seed, options).flows()) {
            all.append(f).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(all.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    @Test
    void theUniversityMixIsTheOneBeforeTheSharedGenerator() {
        assertThat(digest(1, SyntheticTraffic.Options.UNIVERSITY)).isEqualTo("7a81d3328298086903d5e6a76b48d99dd3d6e62cff7b6137a3a23c037a6194af");
    }

    @Test
    void theStressCasesAreTheOnesBeforeTheSharedGenerator() {
        assertThat(digest(3, new SyntheticTraffic.Options(180, 12, true, true, true))).isEqualTo("4baf11a43f93227b757794b24148f5c50a3c9cc1d1de42004b36f15168fb9d72");
    }
}
