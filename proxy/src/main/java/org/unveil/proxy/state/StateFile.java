package org.unveil.proxy.state;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A file mapped shared by the active proxy and its standby: a header, then one slot per connection holding two
 * copies of its {@link SlotRecord} and a ring buffer per direction. A commit writes the copy the last commit did
 * not, sequence number and checksum included, so a process killed at any instruction leaves the previous copy
 * whole: the reader takes the valid copy with the higher sequence number. The rings need no such care: bytes
 * between a direction's two offsets are never overwritten, and the kernel vouches for the offsets themselves.
 */
public final class StateFile implements AutoCloseable {
    private static final long MAGIC = 0x554e5645494c5058L; // "UNVEILPX"
    private static final int VERSION = 2;
    /** Rings a slot holds: client to server, server to client, and the client's bytes as read (HTTP mode). */
    private static final int RINGS = 3;
    private static final int HEADER = 4096;
    private static final int RECORD = 128;
    private static final int CHECKED = 120;

    private final Arena arena;
    private final MemorySegment map;
    private final int slots;
    private final long ringBytes;
    private final long slotBytes;
    private final long[] sequences;
    private final ByteBuffer[] views;
    private final CRC32C crc = new CRC32C();

    private StateFile(Arena arena, MemorySegment map, int slots, long ringBytes) {
        this.arena = arena;
        this.map = map;
        this.slots = slots;
        this.ringBytes = ringBytes;
        this.slotBytes = 2L * RECORD + RINGS * ringBytes;
        this.sequences = new long[slots];
        this.views = new ByteBuffer[slots * 2];
        for (int i = 0; i < slots * 2; i++) {
            views[i] = record(i / 2, i % 2).asSlice(0, CHECKED).asByteBuffer();
        }
    }

    /** Makes a fresh file (every slot free) of the given shape; an old one is overwritten. */
    public static StateFile create(Path path, int slots, long ringBytes) throws IOException {
        if (slots < 1 || ringBytes < 4096) {
            throw new IllegalArgumentException("a state file needs at least one slot and 4 KiB rings");
        }
        long size = HEADER + slots * (2L * RECORD + RINGS * ringBytes);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.truncate(0);
            channel.write(ByteBuffer.allocate(1), size - 1);
            StateFile file = map(channel, size, slots, ringBytes);
            file.map.set(ValueLayout.JAVA_INT, 8, VERSION);
            file.map.set(ValueLayout.JAVA_INT, 12, slots);
            file.map.set(ValueLayout.JAVA_LONG, 16, ringBytes);
            file.map.set(ValueLayout.JAVA_LONG, 0, MAGIC);
            return file;
        }
    }

    /** Maps a file another process made, to resume from it. */
    public static StateFile open(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < HEADER) {
                throw new IOException(path + " is not a proxy state file (too short)");
            }
            ByteBuffer head = ByteBuffer.allocate(24).order(java.nio.ByteOrder.nativeOrder());
            channel.read(head, 0);
            head.flip();
            if (head.getLong() != MAGIC || head.getInt() != VERSION) {
                throw new IOException(path + " is not a proxy state file of this version");
            }
            int slots = head.getInt();
            long ring = head.getLong();
            if (slots < 1 || ring < 4096 || size != HEADER + slots * (2L * RECORD + RINGS * ring)) {
                throw new IOException(path + " is a damaged proxy state file (its shape does not match its size)");
            }
            StateFile file = map(channel, size, slots, ring);
            for (int slot = 0; slot < slots; slot++) {
                SlotRecord r = file.read(slot);
                file.sequences[slot] = r == null ? 0 : r.sequence();
            }
            return file;
        }
    }

    private static StateFile map(FileChannel channel, long size, int slots, long ring) throws IOException {
        Arena arena = Arena.ofShared();
        MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
        return new StateFile(arena, segment, slots, ring);
    }

    public int slots() {
        return slots;
    }

    public long ringBytes() {
        return ringBytes;
    }

    /**
     * A ring of a slot: 0 client to server, 1 server to client, 2 the client's bytes as read in HTTP mode (the
     * filter's input, kept from its last snapshot on).
     */
    public MemorySegment ring(int slot, int direction) {
        return map.asSlice(HEADER + slot * slotBytes + 2L * RECORD + direction * ringBytes, ringBytes);
    }

    private MemorySegment record(int slot, int copy) {
        return map.asSlice(HEADER + slot * slotBytes + (long) copy * RECORD, RECORD);
    }

    /** Commits a slot's bookkeeping; allocates nothing. */
    public void commit(int slot, long connectionId, int flags, long c2sRead, long c2sWritten, long s2cRead,
            long s2cWritten, int clientAddress, int clientPort, int destinationAddress, int destinationPort) {
        commit(slot, connectionId, flags, c2sRead, c2sWritten, s2cRead, s2cWritten, clientAddress, clientPort,
                destinationAddress, destinationPort, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Commits a slot's bookkeeping with its HTTP filter's snapshot (client offset, output offset, phase, bytes
     * left in it, requests passed, refusal); allocates nothing.
     */
    public void commit(int slot, long connectionId, int flags, long c2sRead, long c2sWritten, long s2cRead,
            long s2cWritten, int clientAddress, int clientPort, int destinationAddress, int destinationPort,
            long filterRaw, long filterOut, int filterPhase, long filterRemaining, int filterRequests,
            int filterRefusal) {
        long sequence = ++sequences[slot];
        int copy = (int) (sequence & 1);
        MemorySegment r = record(slot, copy);
        r.set(ValueLayout.JAVA_LONG, 0, sequence);
        r.set(ValueLayout.JAVA_LONG, 8, connectionId);
        r.set(ValueLayout.JAVA_INT, 16, flags);
        r.set(ValueLayout.JAVA_LONG, 24, c2sRead);
        r.set(ValueLayout.JAVA_LONG, 32, c2sWritten);
        r.set(ValueLayout.JAVA_LONG, 40, s2cRead);
        r.set(ValueLayout.JAVA_LONG, 48, s2cWritten);
        r.set(ValueLayout.JAVA_INT, 56, clientAddress);
        r.set(ValueLayout.JAVA_INT, 60, clientPort);
        r.set(ValueLayout.JAVA_INT, 64, destinationAddress);
        r.set(ValueLayout.JAVA_INT, 68, destinationPort);
        r.set(ValueLayout.JAVA_LONG, 72, filterRaw);
        r.set(ValueLayout.JAVA_LONG, 80, filterOut);
        r.set(ValueLayout.JAVA_LONG, 88, filterRemaining);
        r.set(ValueLayout.JAVA_INT, 96, filterPhase);
        r.set(ValueLayout.JAVA_INT, 100, filterRequests);
        r.set(ValueLayout.JAVA_INT, 104, filterRefusal);
        r.set(ValueLayout.JAVA_INT, CHECKED, checksum(slot, copy));
    }

    private int checksum(int slot, int copy) {
        ByteBuffer view = views[slot * 2 + copy];
        view.clear();
        crc.reset();
        crc.update(view);
        return (int) crc.getValue();
    }

    /** The newest whole copy of a slot's record, or null when neither copy is whole (never committed). */
    public SlotRecord read(int slot) {
        SlotRecord best = null;
        for (int copy = 0; copy < 2; copy++) {
            MemorySegment r = record(slot, copy);
            long sequence = r.get(ValueLayout.JAVA_LONG, 0);
            if (sequence == 0 || r.get(ValueLayout.JAVA_INT, CHECKED) != checksum(slot, copy)
                    || (sequence & 1) != copy) {
                continue;
            }
            if (best == null || sequence > best.sequence()) {
                best = new SlotRecord(sequence, r.get(ValueLayout.JAVA_LONG, 8), r.get(ValueLayout.JAVA_INT, 16),
                        r.get(ValueLayout.JAVA_LONG, 24), r.get(ValueLayout.JAVA_LONG, 32),
                        r.get(ValueLayout.JAVA_LONG, 40), r.get(ValueLayout.JAVA_LONG, 48),
                        r.get(ValueLayout.JAVA_INT, 56), r.get(ValueLayout.JAVA_INT, 60),
                        r.get(ValueLayout.JAVA_INT, 64), r.get(ValueLayout.JAVA_INT, 68),
                        r.get(ValueLayout.JAVA_LONG, 72), r.get(ValueLayout.JAVA_LONG, 80),
                        r.get(ValueLayout.JAVA_INT, 96), r.get(ValueLayout.JAVA_LONG, 88),
                        r.get(ValueLayout.JAVA_INT, 100), r.get(ValueLayout.JAVA_INT, 104));
            }
        }
        return best;
    }

    /** The raw bytes of one record copy, for tests that tear a write half-way. */
    MemorySegment rawRecord(int slot, int copy) {
        return record(slot, copy);
    }

    @Override
    public void close() {
        arena.close();
    }
}
