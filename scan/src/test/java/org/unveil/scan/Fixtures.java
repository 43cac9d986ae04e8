package org.unveil.scan;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** The result files under src/test/resources/org/unveil/scan: real zmap 2.1.1 and masscan 1.3.2 runs on the lab. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A reader over fixture {@code name}. */
    public static BufferedReader open(String name) {
        var in = Fixtures.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The address {@code text} names. */
    public static int ip(String text) {
        return (int) Ipv4.parse(text);
    }
}
