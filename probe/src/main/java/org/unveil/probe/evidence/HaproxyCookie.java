package org.unveil.probe.evidence;

import java.util.List;

/**
 * HAProxy's server cookie, SERVERID by convention: the server's cookie name, before the "|" of the idle and life
 * dates haproxy appends, or the "~" of prefix mode.
 */
public final class HaproxyCookie implements Extractor {
    @Override
    public String name() {
        return "haproxy-cookie";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        for (Cookies.Cookie c : Cookies.of(reply)) {
            if (c.name().equalsIgnoreCase("SERVERID") && !c.value().isEmpty()) {
                String v = c.value();
                int cut = indexOfAny(v, '|', '~');
                String server = cut < 0 ? v : v.substring(0, cut);
                if (!server.isEmpty()) {
                    out.add(Evidence.of(Kind.AFFINITY_COOKIE, "cookie " + c.name(), server,
                            "HAProxy server cookie " + c.name() + "=" + v + " names server " + server));
                }
            }
        }
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
