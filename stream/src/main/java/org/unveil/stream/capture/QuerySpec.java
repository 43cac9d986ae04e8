package org.unveil.stream.capture;

import java.io.Serializable;
import org.unveil.trace.TraceQuery;

/**
 * A trace query as its kind and the text the user gave, which the job's tasks compile where they run (a compiled
 * {@link TraceQuery} holds a regex and is not serializable).
 */
public record QuerySpec(TraceQuery.Kind kind, String text) implements Serializable {
    /** Compiles the query; a bad one throws IllegalArgumentException in the words of {@link TraceQuery}. */
    public TraceQuery compile() {
        return switch (kind) {
            case FORWARDED_FOR -> TraceQuery.forwardedFor(text);
            case HEADER -> TraceQuery.header(text);
            case PAYLOAD -> TraceQuery.payload(text);
            case ADDRESS -> TraceQuery.address(text);
        };
    }
}
