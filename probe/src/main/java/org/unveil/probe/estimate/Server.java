package org.unveil.probe.estimate;

import java.util.List;

/**
 * One back-end found: its id (its values of the evidence keys that tell back-ends apart), responses, share, why it
 * is a back-end of its own in plain words, and its evidence.
 */
public record Server(String id, int requests, Share share, String why, List<Item> evidence) {
}
