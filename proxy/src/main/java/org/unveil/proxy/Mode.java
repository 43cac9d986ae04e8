package org.unveil.proxy;

/** What the proxy understands of the traffic it relays. */
public enum Mode {
    /** Protocol-neutral (circuit-level): bytes pass as they are. */
    TCP,
    /** HTTP/1.1: requests are parsed and filtered by rules; responses pass as they are. */
    HTTP
}
