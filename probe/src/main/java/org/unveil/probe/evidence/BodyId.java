package org.unveil.probe.evidence;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A server id in the page (--id-regex): its first group, or the whole match when it has none. */
public final class BodyId implements Extractor {
    private final Pattern pattern;

    /** Finds {@code pattern} (RE2 syntax: linear time, so no pattern can hang a run) in each body. */
    public BodyId(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public String name() {
        return "body-id";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        // ISO-8859-1 maps every byte to one char: no decoding error, and an ASCII pattern matches as typed
        Matcher m = pattern.matcher(new String(reply.body(), StandardCharsets.ISO_8859_1));
        if (m.find()) {
            String id = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
            if (!id.isEmpty()) {
                out.add(Evidence.of(Kind.BODY_ID, "body", id, "body matches --id-regex: " + id));
            }
        }
    }
}
