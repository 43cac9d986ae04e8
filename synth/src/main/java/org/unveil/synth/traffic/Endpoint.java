package org.unveil.synth.traffic;

import java.util.random.RandomGenerator;
import org.unveil.generator.app.TlsClientHelloWriter;
import org.unveil.generator.frame.Ascii;
import org.unveil.generator.stack.IpidCounters;
import org.unveil.generator.stack.SplitMix;
import org.unveil.generator.stack.TcpClockModel;
import org.unveil.synth.model.HostProfile;

/**
 * The running state of one host or server: its IPID counters, its clock's offsets, its last source port and
 * its pre-encoded HTTP and TLS parts. Every random start is derived from the profile's secret, so the hosts CSV
 * can state the truth without running anything.
 */
public final class Endpoint {
    /** After a reboot the clock restarts near zero: within 2^20 ticks, as an uptime of minutes would give. */
    private static final long REBOOT_OFFSET_MASK = (1L << 20) - 1;

    final HostProfile profile;
    final int index;
    final int address;
    final long mac;
    final byte[] product;
    final TlsClientHelloWriter tls;
    private final TcpClockModel clock;
    private final long bootZero;
    private final IpidCounters ipids;
    int lastPort;

    /**
     * @param peers how many distinct destinations the host can address (its per-destination counters)
     * @param bootZero the start of the host's boot at the beginning of the capture
     */
    Endpoint(HostProfile profile, int index, int peers, long bootZero) {
        this.profile = profile;
        this.index = index;
        this.address = profile.address();
        this.mac = 0x0200_0000_0000L | Integer.toUnsignedLong(profile.address());
        this.product = Ascii.bytes(profile.userAgent());
        this.tls = new TlsClientHelloWriter(profile.tls());
        this.clock = profile.clock();
        this.bootZero = bootZero;
        int[] perDestination = new int[peers];
        for (int i = 0; i < peers; i++) {
            perDestination[i] = (int) SplitMix.mix(profile.secret(), 1, i);
        }
        this.ipids = new IpidCounters((int) SplitMix.mix(profile.secret(), 2, 0), perDestination);
    }

    /** The IPID of the next packet to peer number {@code peer}; {@code connection} holds a per-connection counter. */
    int nextIpid(int peer, int[] connection, int side, RandomGenerator rng) {
        return ipids.next(profile.ipid(), peer, connection, side, rng);
    }

    boolean timestamps() {
        return clock.enabled();
    }

    /**
     * TSval at true time {@code nanos} for a connection to {@code peerAddress} whose own random offset is
     * {@code connectionOffset}.
     */
    long tsval(long nanos, int peerAddress, long connectionOffset) {
        int boot = clock.bootsBefore(nanos);
        long start = clock.bootStart(boot, bootZero);
        long offset = switch (clock.offset()) {
            case PER_HOST -> hostOffset(profile.secret(), boot);
            case PER_DESTINATION -> SplitMix.mix(profile.secret(), 3 + boot, peerAddress);
            case PER_CONNECTION -> SplitMix.mix(connectionOffset, boot, 0);
        };
        return (offset + clock.ticks(nanos - start)) & 0xFFFF_FFFFL;
    }

    /** The TSval offset of a per-host clock in boot number {@code boot} (0: the boot the capture starts in). */
    public static long hostOffset(long secret, int boot) {
        long r = SplitMix.mix(secret, 3 + boot, -1);
        return boot == 0 ? r & 0xFFFF_FFFFL : r & REBOOT_OFFSET_MASK;
    }
}
