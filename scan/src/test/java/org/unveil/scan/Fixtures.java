package org.unveil.scan;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The result files under src/test/resources/org/unveil/scan: real zmap 2.1.1 and masscan 1.3.2 runs on the lab. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The bytes of fixture {@code name}. */
    public static InputStream open(String name) {
        var in = Fixtures.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        return in;
    }

    /** {@code text} as the UTF-8 bytes a file would hold. */
    public static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The address {@code text} names. */
    public static int ip(String text) {
        return (int) Ipv4.parse(text);
    }
}
