package org.unveil.probe;

/** Why probing a target stopped; the labels are part of the JSON output. */
public enum Stop {
    /** The stopping rule holds: another back-end is unlikely at the asked confidence. */
    CONFIDENT("confident"),
    /** --max-requests were sent first. */
    MAX_REQUESTS("max-requests"),
    /** The first requests all failed: the target does not answer. */
    UNREACHABLE("unreachable"),
    /** No evidence tells back-ends apart, so more requests would say nothing more. */
    NO_EVIDENCE("no-evidence");

    private final String label;

    Stop(String label) {
        this.label = label;
    }

    /** The label in reports. */
    public String label() {
        return label;
    }
}
