package org.unveil.balance.glob;

import java.util.Random;
import org.unveil.balance.SimPacket;

/**
 * Test traffic shaped like the thesis's trace (§12.2.1): one dominant external port (8080, the proxy) with
 * about 55% of the bytes, the rest Zipf-distributed over service ports, internal ports Zipf over a pool.
 */
final class SkewedTraffic {
    private static final int[] SERVICE_PORTS = {80, 443, 25, 53, 110, 143, 21, 22, 23, 119, 993, 995, 3128,
            6667, 1080, 8000, 8443, 5190, 1863, 123};

    private final Random random;
    private final long gapNanos;
    private final int[] internalPool;
    private final double[] internalCdf;
    private final double[] serviceCdf;
    private final SimPacket packet = new SimPacket();
    private long now;

    SkewedTraffic(long seed, int packetsPerSecond) {
        random = new Random(seed);
        gapNanos = 1_000_000_000L / packetsPerSecond;
        internalPool = new int[3000];
        for (int i = 0; i < internalPool.length; i++) {
            internalPool[i] = 1024 + random.nextInt(65536 - 1024);
        }
        internalCdf = zipfCdf(internalPool.length, 0.8);
        serviceCdf = zipfCdf(SERVICE_PORTS.length, 1.0);
    }

    private static double[] zipfCdf(int n, double exponent) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1 / Math.pow(rank + 1, exponent);
            cdf[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cdf[rank] /= sum;
        }
        return cdf;
    }

    private int draw(double[] cdf) {
        int index = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(index < 0 ? -index - 1 : index, cdf.length - 1);
    }

    /** The next packet (the same instance every time, as the simulator does). */
    SimPacket next() {
        now += gapNanos;
        packet.timeNanos = now;
        packet.bytes = 40 + random.nextInt(1461);
        packet.protocol = 6;
        packet.internalPort = internalPool[draw(internalCdf)];
        packet.externalPort = random.nextDouble() < 0.55 ? 8080 : SERVICE_PORTS[draw(serviceCdf)];
        packet.outbound = random.nextBoolean();
        return packet;
    }
}
