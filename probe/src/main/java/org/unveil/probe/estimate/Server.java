package org.unveil.probe.estimate;

import java.util.List;

/** One back-end found: its id (the value of the evidence that names it), responses, share and evidence. */
public record Server(String id, int requests, Share share, List<Item> evidence) {
}
