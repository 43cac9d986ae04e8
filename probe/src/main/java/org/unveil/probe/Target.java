package org.unveil.probe;

import java.net.InetAddress;
import java.net.URI;

/** One URL at one of the addresses its host resolves to, from one local source address (null: the system's choice). */
public record Target(URI url, InetAddress address, InetAddress source) {
    /** The address as written in a URL: IPv6 in brackets. */
    public String addressLiteral() {
        String a = address.getHostAddress();
        return a.contains(":") ? "[" + a + "]" : a;
    }
}
