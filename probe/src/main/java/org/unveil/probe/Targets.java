package org.unveil.probe;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The targets of a run: each URL at every address its host has (from --resolve, else from DNS). */
public final class Targets {
    private Targets() {
    }

    /**
     * Every (URL, address, source) triple, in the order given; an empty {@code sources} means the system's choice.
     * An unknown host name is an exception naming it.
     */
    public static List<Target> of(List<URI> urls, Map<String, List<InetAddress>> resolve, List<InetAddress> sources)
            throws UnknownHostException {
        List<InetAddress> from = new ArrayList<>(sources);
        if (from.isEmpty()) {
            from.add(null);
        }
        List<Target> out = new ArrayList<>();
        for (URI url : urls) {
            List<InetAddress> given = resolve.get(url.getHost().toLowerCase(java.util.Locale.ROOT));
            InetAddress[] addresses = given != null ? given.toArray(InetAddress[]::new)
                    : InetAddress.getAllByName(url.getHost());
            for (InetAddress a : addresses) {
                for (InetAddress src : from) {
                    out.add(new Target(url, a, src));
                }
            }
        }
        return List.copyOf(out);
    }
}
