package org.unveil.probe.evidence;

import java.util.List;

/** The route a Java servlet container appends to its session id (JSESSIONID=ID.route, Tomcat's jvmRoute). */
public final class JsessionRoute implements Extractor {
    @Override
    public String name() {
        return "jsessionid-route";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        for (Cookies.Cookie c : Cookies.of(reply)) {
            if (c.name().equalsIgnoreCase("JSESSIONID")) {
                int dot = c.value().lastIndexOf('.');
                if (dot > 0 && dot < c.value().length() - 1) {
                    String route = c.value().substring(dot + 1);
                    out.add(Evidence.of(Kind.AFFINITY_COOKIE, "cookie " + c.name() + " route", route,
                            "session cookie " + c.name() + " ends in route ." + route));
                }
            }
        }
    }
}
