package org.unveil.probe.evidence;

import java.util.List;

/**
 * Every cookie, whatever its name: the estimate judges it by behaviour, an affinity id when its values repeat and
 * are few, a session when they never repeat.
 */
public final class AnyCookie implements Extractor {
    @Override
    public String name() {
        return "cookie";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        for (Cookies.Cookie c : Cookies.of(reply)) {
            if (!c.value().isEmpty()) {
                out.add(Evidence.of(Kind.COOKIE, "cookie " + c.name(), c.value(),
                        "cookie " + c.name() + "=" + c.value()));
            }
        }
    }
}
