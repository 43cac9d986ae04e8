package org.unveil.proxy;

import java.lang.foreign.MemorySegment;

/**
 * One direction of a connection: a ring in the state file and the two stream offsets that bound the bytes it
 * holds ({@code read} taken from the source, {@code written} handed to the destination, both counted from the
 * connection's first byte).
 */
final class Pipe {
    final MemorySegment ring;
    final long base;
    final long capacity;
    long read;
    long written;
    boolean sourceEnded;
    boolean destinationShut;

    Pipe(MemorySegment ring) {
        this.ring = ring;
        this.base = ring.address();
        this.capacity = ring.byteSize();
    }

    long pending() {
        return read - written;
    }

    long space() {
        return capacity - pending();
    }

    /** Where the next read lands, and how many bytes fit there without wrapping. */
    long readAddress() {
        return base + Math.floorMod(read, capacity);
    }

    long readLength() {
        long position = Math.floorMod(read, capacity);
        return Math.min(space(), capacity - position);
    }

    long writeAddress() {
        return base + Math.floorMod(written, capacity);
    }

    long writeLength() {
        long position = Math.floorMod(written, capacity);
        return Math.min(pending(), capacity - position);
    }

    /** Appends bytes the proxy makes itself (filtered requests, a refusal); the caller checked the space. */
    void append(MemorySegment bytes) {
        long length = bytes.byteSize();
        long position = Math.floorMod(read, capacity);
        long first = Math.min(length, capacity - position);
        MemorySegment.copy(bytes, 0, ring, position, first);
        if (first < length) {
            MemorySegment.copy(bytes, first, ring, 0, length - first);
        }
        read += length;
    }
}
