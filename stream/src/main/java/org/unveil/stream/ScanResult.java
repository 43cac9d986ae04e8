package org.unveil.stream;

/**
 * One scanner response as it travels on the results topic (schema v1, stream/README.md). {@code seq} numbers a
 * publisher's responses in the order read, and {@code shard} names the publisher among several of one scan: together
 * they decide which response of an (address, port) is "first", as the line order does for the embedded store.
 * {@code ttl}, {@code window} and {@code seenMicros} are -1 when the scanner did not give them.
 */
public record ScanResult(String scan, int shard, long seq, int address, int port, String classification,
        boolean success, boolean repeat, int ttl, int window, long seenMicros) {
}
