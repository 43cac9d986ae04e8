package org.unveil.probe.evidence;

import java.util.List;

/** Reads one sort of evidence from a response. Extractors keep no state: a response alone decides what they say. */
public interface Extractor {
    /** The extractor's name in reports and help. */
    String name();

    /** Adds what {@code reply} says to {@code out}; nothing when it has no such evidence. */
    void extract(Reply reply, List<Evidence> out);
}
