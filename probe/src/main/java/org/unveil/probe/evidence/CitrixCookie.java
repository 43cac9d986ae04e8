package org.unveil.probe.evidence;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Citrix NetScaler's persistence cookie (NSC_…): the service's IPv4 address, XOR-masked with 0x03081e11. */
public final class CitrixCookie implements Extractor {
    private static final Pattern VALUE = Pattern.compile("ffffffff([0-9a-fA-F]{8})[0-9a-fA-F]{4,}");

    @Override
    public String name() {
        return "citrix-cookie";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        for (Cookies.Cookie c : Cookies.of(reply)) {
            Matcher m = VALUE.matcher(c.value());
            if (c.name().startsWith("NSC_") && m.matches()) {
                long a = Long.parseLong(m.group(1), 16) ^ 0x03081e11L;
                String address = (a >> 24 & 0xFF) + "." + (a >> 16 & 0xFF) + "." + (a >> 8 & 0xFF) + "." + (a & 0xFF);
                out.add(Evidence.of(Kind.AFFINITY_COOKIE, "cookie " + c.name(), address,
                        "Citrix cookie " + c.name() + " names service " + address));
            }
        }
    }
}
