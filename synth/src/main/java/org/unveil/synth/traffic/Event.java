package org.unveil.synth.traffic;

/** Something that happens at a virtual time: a host starting a connection, a connection sending its next packet. */
abstract class Event {
    /** When the next packet is sent (not captured), in epoch nanoseconds. */
    long time;
    /** Tie-breaker among events at the same time, so the order never depends on the queue's internals. */
    long order;

    /**
     * Does what is due at {@link #time} and moves {@link #time} on.
     *
     * @return false when the event has nothing more to do
     */
    abstract boolean fire(SyntheticCapture g);
}
