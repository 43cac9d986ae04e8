package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.u16;
import static org.unveil.capture.decode.NetworkBytes.u32;
import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * A view of a TCP header (RFC 9293 section 3.1). Options are walked once, on the first question about
 * them, into preallocated arrays: MSS, window scale, SACK-permitted, SACK blocks (RFC 2018), timestamps
 * (RFC 7323) and any unknown kinds, which stay listed in order for signature matching.
 */
public final class TcpHeader {
    static final int MIN_LENGTH = 20;
    static final int OFF_SOURCE_PORT = 0;
    static final int OFF_DESTINATION_PORT = 2;
    static final int OFF_SEQUENCE = 4;
    static final int OFF_ACKNOWLEDGMENT = 8;
    static final int OFF_DATA_OFFSET = 12;
    static final int OFF_WINDOW = 14;
    static final int OFF_CHECKSUM = 16;
    static final int OFF_URGENT = 18;

    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    /** The former NS bit, now AE (RFC 9768 accurate ECN). */
    public static final int AE = 0x100;

    public static final int OPTION_END = 0;
    public static final int OPTION_NOP = 1;
    public static final int OPTION_MSS = 2;
    public static final int OPTION_WINDOW_SCALE = 3;
    public static final int OPTION_SACK_PERMITTED = 4;
    public static final int OPTION_SACK = 5;
    public static final int OPTION_TIMESTAMPS = 8;
    private static final int MAX_OPTIONS = 40;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;
    private boolean optionsParsed;
    private int optionCount;
    private final int[] optionKinds = new int[MAX_OPTIONS];
    private final int[] optionOffsets = new int[MAX_OPTIONS];
    private final int[] optionLengths = new int[MAX_OPTIONS];
    private boolean optionsMalformed;
    private int mss;
    private int windowScale;
    private boolean sackPermitted;
    private int sackOption;
    private int timestampOption;

    /**
     * Points the view at captured bytes.
     *
     * @return false if they cannot hold the fixed header (options may still be cut short)
     */
    public boolean wrap(MemorySegment segment, long offset, int available) {
        this.segment = segment;
        this.offset = offset;
        this.available = available;
        this.optionsParsed = false;
        return available >= MIN_LENGTH && headerLength() >= MIN_LENGTH;
    }

    public int sourcePort() {
        return u16(segment, offset + OFF_SOURCE_PORT);
    }

    public int destinationPort() {
        return u16(segment, offset + OFF_DESTINATION_PORT);
    }

    public long sequence() {
        return u32(segment, offset + OFF_SEQUENCE);
    }

    public long acknowledgment() {
        return u32(segment, offset + OFF_ACKNOWLEDGMENT);
    }

    public int headerLength() {
        return (u8(segment, offset + OFF_DATA_OFFSET) >> 4) * 4;
    }

    /** The 12 flag bits as tshark's tcp.flags shows them (reserved bits, AE, CWR ... FIN). */
    public int flags() {
        return u16(segment, offset + OFF_DATA_OFFSET) & 0x0FFF;
    }

    public boolean has(int flag) {
        return (flags() & flag) != 0;
    }

    /** True for the first packet of an active open: SYN without ACK. */
    public boolean isSynOnly() {
        return (flags() & (SYN | ACK)) == SYN;
    }

    /** The raw window field, before any window scaling. */
    public int window() {
        return u16(segment, offset + OFF_WINDOW);
    }

    public int checksum() {
        return u16(segment, offset + OFF_CHECKSUM);
    }

    public int urgentPointer() {
        return u16(segment, offset + OFF_URGENT);
    }

    /** Offset of the payload in the segment. */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /** Captured payload bytes, given the captured length of the whole segment (header included). */
    public int payloadLength(int segmentLength) {
        return Math.max(0, Math.min(segmentLength, available) - headerLength());
    }

    // ---- options, RFC 9293 section 3.2 ----

    private void parseOptions() {
        optionsParsed = true;
        optionCount = 0;
        optionsMalformed = false;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        sackOption = -1;
        timestampOption = -1;
        int end = Math.min(headerLength(), available);
        if (end == APPENDIX_A_LENGTH && headerLength() == APPENDIX_A_LENGTH
                && (int) u32(segment, offset + MIN_LENGTH) == APPENDIX_A_PREFIX) {
            // what the walk below finds for the layout nearly every segment carries, without walking it
            record(OPTION_NOP, MIN_LENGTH, 1);
            record(OPTION_NOP, MIN_LENGTH + 1, 1);
            timestampOption = record(OPTION_TIMESTAMPS, MIN_LENGTH + 2, 10);
            return;
        }
        int at = MIN_LENGTH;
        while (at < end && optionCount < MAX_OPTIONS) {
            int kind = u8(segment, offset + at);
            if (kind == OPTION_END) {
                record(kind, at, 1);
                break;
            }
            if (kind == OPTION_NOP) {
                record(kind, at, 1);
                at++;
                continue;
            }
            if (at + 1 >= end) {
                optionsMalformed = true;
                break;
            }
            int length = u8(segment, offset + at + 1);
            if (length < 2 || at + length > end) {
                optionsMalformed = true;
                break;
            }
            int index = record(kind, at, length);
            switch (kind) {
                case OPTION_MSS -> mss = length == 4 ? u16(segment, offset + at + 2) : mss;
                case OPTION_WINDOW_SCALE -> windowScale = length == 3 ? u8(segment, offset + at + 2) : windowScale;
                case OPTION_SACK_PERMITTED -> sackPermitted = length == 2;
                case OPTION_SACK -> sackOption = (length - 2) % 8 == 0 ? index : sackOption;
                case OPTION_TIMESTAMPS -> timestampOption = length == 10 ? index : timestampOption;
                default -> { } // unknown kinds stay listed
            }
            at += length;
        }
        if (!optionsMalformed && at >= end && end < headerLength()) {
            optionsMalformed = true; // the capture ended between two options: the rest were not seen
        }
    }

    private int record(int kind, int at, int length) {
        optionKinds[optionCount] = kind;
        optionOffsets[optionCount] = at;
        optionLengths[optionCount] = length;
        return optionCount++;
    }

    private void ensureOptions() {
        if (!optionsParsed) {
            parseOptions();
        }
    }

    /** Options in the order they appear (NOPs and EOL included). */
    public int optionCount() {
        ensureOptions();
        return optionCount;
    }

    public int optionKind(int index) {
        ensureOptions();
        return optionKinds[index];
    }

    /** Length of the option at {@code index} including kind and length bytes. */
    public int optionLength(int index) {
        ensureOptions();
        return optionLengths[index];
    }

    /** Offset in the segment of the option at {@code index}. */
    public long optionOffset(int index) {
        ensureOptions();
        return offset + optionOffsets[index];
    }

    /**
     * True when an option's length ran past the header (or the capture) or was impossible, or when the capture
     * ended before the options did without an end-of-list option.
     */
    public boolean optionsMalformed() {
        ensureOptions();
        return optionsMalformed;
    }

    /** Maximum segment size, or -1 without the option. */
    public int mss() {
        ensureOptions();
        return mss;
    }

    /** Window scale shift count, or -1 without the option. */
    public int windowScale() {
        ensureOptions();
        return windowScale;
    }

    public boolean sackPermitted() {
        ensureOptions();
        return sackPermitted;
    }

    public int sackBlockCount() {
        ensureOptions();
        return sackOption < 0 ? 0 : (optionLengths[sackOption] - 2) / 8;
    }

    public long sackLeftEdge(int block) {
        ensureOptions();
        return u32(segment, offset + optionOffsets[sackOption] + 2 + 8L * block);
    }

    public long sackRightEdge(int block) {
        ensureOptions();
        return u32(segment, offset + optionOffsets[sackOption] + 6 + 8L * block);
    }

    /** NOP, NOP, kind 8, length 10: the layout RFC 7323 appendix A recommends and nearly every stack sends. */
    private static final int APPENDIX_A_PREFIX = 0x0101080A;
    private static final int APPENDIX_A_LENGTH = MIN_LENGTH + 12;

    /**
     * True when the options are exactly the appendix A timestamp layout: then TSval and TSecr sit at fixed places
     * and nothing else needs parsing, which is most segments of most connections.
     */
    private boolean appendixA() {
        return !optionsParsed && headerLength() == APPENDIX_A_LENGTH && available >= APPENDIX_A_LENGTH
                && (int) u32(segment, offset + MIN_LENGTH) == APPENDIX_A_PREFIX;
    }

    public boolean hasTimestamps() {
        if (appendixA()) {
            return true;
        }
        ensureOptions();
        return timestampOption >= 0;
    }

    /** TSval, the sender's timestamp clock (Kohno's clock-skew evidence); meaningful when {@link #hasTimestamps}. */
    public long tsval() {
        if (appendixA()) {
            return u32(segment, offset + MIN_LENGTH + 4);
        }
        ensureOptions();
        return timestampOption < 0 ? -1 : u32(segment, offset + optionOffsets[timestampOption] + 2);
    }

    public long tsecr() {
        if (appendixA()) {
            return u32(segment, offset + MIN_LENGTH + 8);
        }
        ensureOptions();
        return timestampOption < 0 ? -1 : u32(segment, offset + optionOffsets[timestampOption] + 6);
    }
}
