package org.unveil.bench;

import org.unveil.generator.frame.Ascii;
import org.unveil.generator.stack.Rng;

/**
 * Pools of body bytes that messages are cut from: HTML-like text for HTTP, noise for encrypted records.
 * Slices wrap around, so any length can be taken from any position.
 */
final class Content {
    private static final int POOL = 1 << 18;
    private static final String[] WORDS = {
        "network", "address", "gateway", "the", "of", "and", "packet", "session", "server", "client", "proxy",
        "header", "request", "response", "a", "to", "in", "is", "for", "with", "traffic", "capture", "translation",
        "balancer", "stream", "window", "timestamp", "route", "private", "public", "document", "example", "page",
    };
    private static final String[] TAGS = {"p", "li", "span", "div", "h2", "td"};

    final byte[] html = new byte[POOL];
    final byte[] noise = new byte[POOL];

    Content(Rng rng) {
        rng.fill(noise, 0, POOL);
        StringBuilder text = new StringBuilder(POOL + 256);
        text.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Example</title>"
                + "<link rel=\"stylesheet\" href=\"/static/css/main.css\"></head>\n<body>\n");
        while (text.length() < POOL) {
            String tag = rng.pick(TAGS);
            text.append("<").append(tag).append(" class=\"c").append(rng.nextInt(40)).append("\">");
            for (int w = rng.between(4, 18); w > 0; w--) {
                text.append(rng.pick(WORDS)).append(w > 1 ? " " : "");
            }
            text.append("</").append(tag).append(">\n");
        }
        System.arraycopy(Ascii.bytes(text.substring(0, POOL)), 0, html, 0, POOL);
    }

    /** Copies {@code length} bytes of {@code pool} from {@code position} (wrapping) to {@code buffer}. */
    static void copy(byte[] pool, long position, byte[] buffer, int at, int length) {
        int from = (int) Math.floorMod(position, (long) pool.length);
        while (length > 0) {
            int n = Math.min(length, pool.length - from);
            System.arraycopy(pool, from, buffer, at, n);
            at += n;
            length -= n;
            from = 0;
        }
    }
}
