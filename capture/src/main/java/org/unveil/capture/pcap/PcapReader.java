package org.unveil.capture.pcap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureFormat;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.io.ByteWindow;
import org.unveil.capture.io.EndOfInput;

/**
 * Reads the classic libpcap format (draft-ietf-opsawg-pcap): a 24-byte file header whose magic number
 * fixes byte order and timestamp unit, then records of a 16-byte header and the packet bytes.
 */
public final class PcapReader implements CaptureReader {
    public static final int MAGIC_MICROS = 0xA1B2C3D4;
    public static final int MAGIC_NANOS = 0xA1B23C4D;
    /** Alexey Kuznetzov's patched libpcap: four more bytes per record (ifindex, protocol, type, pad). */
    public static final int MAGIC_MODIFIED = 0xA1B2CD34;

    static final int FILE_HEADER = 24;
    static final int OFF_SNAPLEN = 16;
    static final int OFF_LINKTYPE = 20;
    static final int REC_TS_SEC = 0;
    static final int REC_TS_FRACTION = 4;
    static final int REC_INCL_LEN = 8;
    static final int REC_ORIG_LEN = 12;

    /** Wireshark's usual ceiling for one packet; larger records are taken as damage. */
    public static final int STANDARD_MAX_PACKET = 262_144;
    private static final int ABSOLUTE_MAX_PACKET = 16 << 20;
    /** How far past damage the reader looks for the next plausible record before giving up. */
    private static final long RESYNC_LIMIT = 64L << 20;
    /** Consecutive plausible records needed to trust a split point. */
    private static final int SPLIT_CHAIN = 8;
    /** Records of one capture are taken to lie within a year of its first record when splitting. */
    private static final long SPLIT_SPAN_SECONDS = 366L * 86_400;

    private final ByteWindow window;
    private final String source;
    private final ProblemListener problems;
    private static final ValueLayout.OfInt INT_BIG = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_LITTLE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /**
     * Layouts held in static finals, picked by a flag: a layout in an instance field is no constant to the JIT,
     * and every record-header read then went through a generic, bounds-checked VarHandle call (three quarters
     * of a trace run's samples).
     */
    private final boolean bigEndian;
    private final CaptureFormat format;
    private final int recordHeader;
    private final long fractionToNanos;
    private final long fractionLimit;
    private final int linkType;
    private final int snaplen;
    private final int maxPacket;
    private long position = FILE_HEADER;
    private long end = Long.MAX_VALUE;
    private long number;
    private long lastSeconds = -1;
    private boolean done;

    /**
     * Reads the file header at offset 0 of {@code window}.
     *
     * @throws CaptureException when the input is not a pcap file or its header is cut short
     */
    public PcapReader(ByteWindow window, String source, ProblemListener problems) throws IOException {
        this.window = window;
        this.source = source;
        this.problems = problems;
        long got = window.require(0, FILE_HEADER);
        if (got < FILE_HEADER) {
            String shortness = "only " + got + " bytes, a pcap file header needs " + FILE_HEADER;
            String why = window.endProblem();
            throw new CaptureException(source, 0, why == null ? shortness : why + "; " + shortness);
        }
        MemorySegment s = window.segment();
        int magic = s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS
                || Integer.reverseBytes(magic) == MAGIC_MODIFIED) {
            magic = Integer.reverseBytes(magic);
            order = ByteOrder.LITTLE_ENDIAN;
        }
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
        switch (magic) {
            case MAGIC_MICROS -> { format = CaptureFormat.PCAP; recordHeader = 16; fractionToNanos = 1000; }
            case MAGIC_NANOS -> { format = CaptureFormat.PCAP_NANO; recordHeader = 16; fractionToNanos = 1; }
            case MAGIC_MODIFIED -> { format = CaptureFormat.PCAP_MODIFIED; recordHeader = 24; fractionToNanos = 1000; }
            default -> throw new CaptureException(source, 0,
                    String.format("not a pcap file (magic 0x%08x)", magic));
        }
        this.fractionLimit = 1_000_000_000L / fractionToNanos;
        // the upper bits of the link-type field carry FCS information (pcap draft, section 4)
        this.linkType = readInt(s, OFF_LINKTYPE) & 0xFFFF;
        this.snaplen = readInt(s, OFF_SNAPLEN);
        this.maxPacket = snaplen > STANDARD_MAX_PACKET && snaplen <= ABSOLUTE_MAX_PACKET
                ? snaplen : STANDARD_MAX_PACKET;
    }

    @Override
    public boolean next(Packet packet) throws IOException {
        while (!done) {
            if (position >= end) {
                done = true;
                return false;
            }
            long available = window.require(position, recordHeader);
            if (available < recordHeader) {
                if (available > 0) {
                    endWith("record header cut short: " + available + " of " + recordHeader + " bytes");
                } else {
                    endCleanly();
                }
                return false;
            }
            MemorySegment s = window.segment();
            long at = position - window.base();
            long seconds = Integer.toUnsignedLong(readInt(s, at + REC_TS_SEC));
            long fraction = Integer.toUnsignedLong(readInt(s, at + REC_TS_FRACTION));
            int included = readInt(s, at + REC_INCL_LEN);
            int original = readInt(s, at + REC_ORIG_LEN);
            if (included < 0 || included > maxPacket) {
                problems.problem(new CaptureProblem(source, position, "impossible record length "
                        + Integer.toUnsignedString(included) + " (limit " + maxPacket + ")", false));
                if (!resynchronise()) {
                    return false;
                }
                continue;
            }
            long got = window.require(position + recordHeader, included);
            if (got < included) {
                endWith("last record cut short: " + got + " of " + included + " bytes");
                return false;
            }
            packet.set(++number, seconds * 1_000_000_000L + fraction * fractionToNanos, linkType, 0, position,
                    window.segment(), position + recordHeader - window.base(), included, original);
            lastSeconds = seconds;
            position += recordHeader + included;
            return true;
        }
        return false;
    }

    /**
     * Limits this reader to the records starting in {@code [start, end)}, for reading one part of a file
     * while other readers take the rest; {@code start} must be a record boundary (see {@link #syncFrom}).
     */
    public void restrictTo(long start, long end) {
        this.position = Math.max(start, FILE_HEADER);
        this.end = end;
    }

    /** Where this reader stops: the end of its part (see {@link #restrictTo}), else the input's size. */
    public long end() {
        return end == Long.MAX_VALUE ? window.size() : end;
    }

    /**
     * The first offset at or after {@code from} where a chain of plausible records begins (or the end of
     * input): a record boundary to split the file at. The chain must hold {@value #SPLIT_CHAIN} records and
     * run further than the largest record could reach, so that it leaves any record enclosing the candidate
     * (packets can carry pcap records of their own, a capture of a capture being downloaded); or it must
     * end exactly at the end of the input. Needs an input of known size (a mapped file).
     */
    public long syncFrom(long from) throws IOException {
        if (from <= FILE_HEADER) {
            return FILE_HEADER;
        }
        long size = window.size();
        if (size < 0) {
            throw new IllegalStateException("syncFrom needs an input of known size");
        }
        long reference = firstRecordSeconds();
        long span = (long) recordHeader + maxPacket;
        for (long candidate = from; ; candidate++) {
            long at = candidate;
            int chained = 0;
            while (chained < SPLIT_CHAIN || at - candidate < span) {
                long next = plausibleRecordEnd(at, reference, SPLIT_SPAN_SECONDS);
                if (next < 0) {
                    break;
                }
                chained++;
                at = next;
            }
            if ((chained >= SPLIT_CHAIN && at - candidate >= span) || at == size) {
                return candidate;
            }
        }
    }

    private long firstRecordSeconds() throws IOException {
        if (window.require(FILE_HEADER, recordHeader) < recordHeader) {
            return -1;
        }
        return Integer.toUnsignedLong(readInt(window.segment(), FILE_HEADER - window.base() + REC_TS_SEC));
    }

    /**
     * Looks past damage for the next offset where two consecutive plausible records begin. pcap has no
     * sync marker, so plausibility (lengths within limits, a timestamp near the last good one) stands in.
     */
    private boolean resynchronise() throws IOException {
        long start = position;
        for (long candidate = position + 1; candidate - start < RESYNC_LIMIT; candidate++) {
            long next = plausibleRecordEnd(candidate, candidate, lastSeconds, 86_400);
            if (next == -2) {
                break;
            }
            // the record after the candidate is checked with the candidate kept in the window: a window only
            // moves forward, so requiring the later record alone could drop the bytes of the candidate
            if (next >= 0 && plausibleRecordEnd(candidate, next, lastSeconds, 86_400) != -1) {
                problems.problem(new CaptureProblem(source, candidate,
                        "resumed after skipping " + (candidate - start) + " damaged bytes", false));
                position = candidate;
                return true;
            }
        }
        endWith("no readable record after damage at byte " + start);
        return false;
    }

    /**
     * The end offset of a plausible record at {@code at}, -1 if implausible, -2 at the end of input. The
     * timestamp is expected within {@code spanSeconds} of {@code referenceSeconds} (no check when the
     * reference is negative).
     */
    private long plausibleRecordEnd(long at, long referenceSeconds, long spanSeconds) throws IOException {
        return plausibleRecordEnd(at, at, referenceSeconds, spanSeconds);
    }

    /** As {@link #plausibleRecordEnd(long, long, long)}, requiring the window from {@code anchor <= at}. */
    private long plausibleRecordEnd(long anchor, long at, long referenceSeconds, long spanSeconds)
            throws IOException {
        long need = at + recordHeader - anchor;
        if (window.require(anchor, need) < need) {
            return -2;
        }
        MemorySegment s = window.segment();
        long o = at - window.base();
        long seconds = Integer.toUnsignedLong(readInt(s, o + REC_TS_SEC));
        long fraction = Integer.toUnsignedLong(readInt(s, o + REC_TS_FRACTION));
        int included = readInt(s, o + REC_INCL_LEN);
        int original = readInt(s, o + REC_ORIG_LEN);
        boolean plausible = included >= 0 && included <= maxPacket && original >= included
                && original <= ABSOLUTE_MAX_PACKET && fraction < fractionLimit
                && (referenceSeconds < 0 || Math.abs(seconds - referenceSeconds) < spanSeconds);
        return plausible ? at + recordHeader + included : -1;
    }

    private int readInt(MemorySegment s, long at) {
        return bigEndian ? s.get(INT_BIG, at) : s.get(INT_LITTLE, at);
    }

    private void endCleanly() {
        done = true;
        EndOfInput.reached(window, problems, source, position);
    }

    private void endWith(String message) {
        done = true;
        EndOfInput.cutShort(window, problems, source, position, message);
    }

    @Override
    public CaptureFormat format() {
        return format;
    }

    /** Always true: the file header, checked when the reader was made, is an intact structure. */
    @Override
    public boolean readAnything() {
        return true;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public long size() {
        return window.size();
    }

    @Override
    public int[] linkTypes() {
        return new int[] {linkType};
    }

    public int snaplen() {
        return snaplen;
    }

    @Override
    public void close() throws IOException {
        window.close();
    }
}
