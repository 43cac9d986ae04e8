package org.unveil.bench;

/**
 * How an operating system's stack shows on the wire: initial TTL, SYN option layout, windows, TCP
 * timestamps, IPID policy and ephemeral ports. These are the traits Unveil counts hosts behind a NAT by,
 * so each profile follows the system it is named after.
 */
enum OsProfile {
    /** Linux 5.x/6.x: per-connection IPID counter, 1 kHz timestamps, random ports in 32768-60999. */
    LINUX(64, 64240, 7, 502, true, IpId.PER_FLOW, 32768, 60999, false, SynLayout.LINUX),
    /** Windows 10/11: one IPID counter for the host, no timestamps by default, sequential ports from 49152. */
    WINDOWS(128, 64240, 8, 1026, false, IpId.GLOBAL, 49152, 65535, true, SynLayout.WINDOWS),
    /** macOS: random IPIDs, timestamps, its own option order ending in EOL. */
    MACOS(64, 65535, 6, 2048, true, IpId.RANDOM, 49152, 65535, false, SynLayout.MACOS),
    /** Android: a Linux kernel with a larger window scale. */
    ANDROID(64, 65535, 9, 1088, true, IpId.PER_FLOW, 32768, 60999, false, SynLayout.LINUX),
    /** The web servers: Linux, answering on well-known ports. */
    SERVER(64, 65160, 7, 509, true, IpId.PER_FLOW, 32768, 60999, false, SynLayout.LINUX);

    /** IP identification policies (what Bellovin's NAT counting relies on). */
    enum IpId { GLOBAL, PER_FLOW, RANDOM }

    /** Orders of the SYN options, as each stack sends them. */
    enum SynLayout { LINUX, WINDOWS, MACOS }

    final int initialTtl;
    final int synWindow;
    final int windowScale;
    /** The window field of established segments (scaled). */
    final int window;
    final boolean timestamps;
    final IpId ipId;
    final int firstPort;
    final int lastPort;
    final boolean sequentialPorts;
    final SynLayout synLayout;

    OsProfile(int initialTtl, int synWindow, int windowScale, int window, boolean timestamps, IpId ipId,
            int firstPort, int lastPort, boolean sequentialPorts, SynLayout synLayout) {
        this.initialTtl = initialTtl;
        this.synWindow = synWindow;
        this.windowScale = windowScale;
        this.window = window;
        this.timestamps = timestamps;
        this.ipId = ipId;
        this.firstPort = firstPort;
        this.lastPort = lastPort;
        this.sequentialPorts = sequentialPorts;
        this.synLayout = synLayout;
    }
}
