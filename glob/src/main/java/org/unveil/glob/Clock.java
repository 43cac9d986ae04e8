package org.unveil.glob;

/** Where a node reads the time: virtual in the simulator, the system's monotonic clock in the daemon. */
@FunctionalInterface
public interface Clock {
    /** Nanoseconds on a clock all nodes share (the thesis assumes NTP-synchronised clocks, Appendix 1). */
    long nanos();
}
