package org.unveil.synth.model;

/**
 * What the network does to packets between a sender and the capture point.
 *
 * @param jitterMicros extra delay per packet, uniform in [0, jitterMicros]
 * @param loss chance that a packet is lost before the capture point (the sender retransmits it after its RTO)
 * @param reorder chance that a packet is held back long enough to arrive after later ones
 */
public record PathModel(int jitterMicros, double loss, double reorder) {
    /** A perfect network: handy when a test wants to see exactly what a host sent. */
    public static final PathModel PERFECT = new PathModel(0, 0, 0);

    public PathModel {
        if (jitterMicros < 0 || loss < 0 || loss >= 1 || reorder < 0 || reorder > 1) {
            throw new IllegalArgumentException("jitter must be ≥ 0, loss in [0, 1), reorder in [0, 1]");
        }
    }
}
