package org.unveil.bench;

import org.unveil.generator.stack.IpidModel;
import org.unveil.generator.stack.PortAllocator;
import org.unveil.generator.stack.SynSignature;

/**
 * The benchmark's stacks, in the shared host model: SYN signature (initial TTL, SYN window and options),
 * the window of established segments, TCP timestamps, IPID policy and ephemeral ports. These are the traits
 * Unveil counts hosts behind a NAT by, so each profile follows the system it is named after.
 */
enum OsProfile {
    /** Linux 5.x/6.x: per-connection IPID counter, 1 kHz timestamps, ports spread over 32768-60999. */
    LINUX(SynSignature.LINUX, 502, true, new IpidModel.PerConnection(), new PortAllocator.Stepped(32768, 60999, 400)),
    /** Windows 10/11: one IPID counter for the host, no timestamps by default, sequential ports from 49152. */
    WINDOWS(SynSignature.WINDOWS, 1026, false, new IpidModel.GlobalCounter(),
            new PortAllocator.Stepped(49152, 65535, 1)),
    /** macOS: random IPIDs, timestamps, its own option order ending in EOL. */
    MACOS(SynSignature.MACOS, 2048, true, new IpidModel.RandomPerPacket(),
            new PortAllocator.Stepped(49152, 65535, 400)),
    /** Android: a Linux kernel with a larger window scale. */
    ANDROID(SynSignature.ANDROID, 1088, true, new IpidModel.PerConnection(),
            new PortAllocator.Stepped(32768, 60999, 400)),
    /** The web servers: Linux, answering on well-known ports. */
    SERVER(SynSignature.LINUX_SERVER, 509, true, new IpidModel.PerConnection(),
            new PortAllocator.Stepped(32768, 60999, 400));

    final SynSignature syn;
    /** The window field of established segments (scaled). */
    final int window;
    final boolean timestamps;
    final IpidModel ipid;
    final PortAllocator ports;

    OsProfile(SynSignature syn, int window, boolean timestamps, IpidModel ipid, PortAllocator ports) {
        this.syn = syn;
        this.window = window;
        this.timestamps = timestamps;
        this.ipid = ipid;
        this.ports = ports;
    }
}
