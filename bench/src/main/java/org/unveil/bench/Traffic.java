package org.unveil.bench;

import org.unveil.generator.frame.FrameWriter;

/** A source of packets for the benchmark capture: one frame at a time, with its time. */
interface Traffic {
    /**
     * Writes the next packet into {@code w}.
     *
     * @return its timestamp in nanoseconds since the Unix epoch
     */
    long next(FrameWriter w);
}
