package org.unveil.gateway;

/** How a node's packet filter treats the connections of a rule that changes hands. */
public enum TransferMode {
    /** The thesis (§12.3): a rule's packets go wherever the rule is now, connections in flight included. */
    THESIS("thesis"),
    /**
     * §12.5.6: a node keeps forwarding the connections it accepted after their rule moves away, and a rule's
     * new owner takes only new connections (SYNs); accepted connections live in an nft set of the node's own.
     */
    NON_DISRUPTIVE("non-disruptive");

    private final String key;

    TransferMode(String key) {
        this.key = key;
    }

    /** The value of the configuration's {@code transfer} key. */
    public String key() {
        return key;
    }

    static TransferMode of(String key) {
        for (TransferMode mode : values()) {
            if (mode.key.equals(key)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("transfer must be thesis or non-disruptive, not " + key);
    }
}
