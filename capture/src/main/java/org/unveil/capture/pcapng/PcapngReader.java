package org.unveil.capture.pcapng;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureFormat;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.io.ByteWindow;
import org.unveil.capture.io.EndOfInput;

/**
 * Reads pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, each with its own interfaces
 * (link type, snaplen, if_tsresol, if_tsoffset), and Enhanced, Simple and obsolete Packet Blocks. Every
 * other block (name resolution, statistics, decryption secrets, custom, unknown) is skipped by length.
 */
public final class PcapngReader implements CaptureReader {
    public static final int SECTION_HEADER = 0x0A0D0D0A;
    public static final int INTERFACE_DESCRIPTION = 0x00000001;
    public static final int OBSOLETE_PACKET = 0x00000002;
    public static final int SIMPLE_PACKET = 0x00000003;
    public static final int NAME_RESOLUTION = 0x00000004;
    public static final int INTERFACE_STATISTICS = 0x00000005;
    public static final int ENHANCED_PACKET = 0x00000006;
    public static final int DECRYPTION_SECRETS = 0x0000000A;
    public static final int CUSTOM = 0x00000BAD;
    public static final int CUSTOM_NO_COPY = 0x40000BAD;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    static final int OPT_END = 0;
    static final int IF_TSRESOL = 9;
    static final int IF_TSOFFSET = 14;

    /** Type, length, byte-order magic, version, section length and trailer: the smallest section header. */
    static final int MIN_SECTION_HEADER = 28;
    /** Blocks larger than this are taken as damage (Wireshark refuses them too). */
    public static final int MAX_BLOCK = 16 << 20;
    private static final long RESYNC_LIMIT = 64L << 20;

    private final ByteWindow window;
    private final String source;
    private final ProblemListener problems;
    private ValueLayout.OfInt intLayout;
    private ValueLayout.OfShort shortLayout;
    private long position;
    private long number;
    /** Blocks whose trailer repeated their length, the section header included. */
    private long intactBlocks;
    private boolean done;
    private final Interfaces interfaces = new Interfaces();
    private int[] allLinkTypes = new int[0];

    /**
     * Reads the first section header at offset 0.
     *
     * @throws CaptureException when the input does not start with a readable section header block
     */
    public PcapngReader(ByteWindow window, String source, ProblemListener problems) throws IOException {
        this.window = window;
        this.source = source;
        this.problems = problems;
        long got = window.require(0, MIN_SECTION_HEADER);
        if (got < MIN_SECTION_HEADER) {
            String shortness = "only " + got + " bytes, a pcapng section header block needs " + MIN_SECTION_HEADER;
            String why = window.endProblem();
            throw new CaptureException(source, 0, why == null ? shortness : why + "; " + shortness);
        }
        if (!readSectionByteOrder(0)) {
            throw new CaptureException(source, 8, "pcapng section header has no byte-order magic");
        }
    }

    /** Sets the byte order from the section header block at {@code at}; false if its magic is wrong. */
    private boolean readSectionByteOrder(long at) {
        MemorySegment s = window.segment();
        int bom = s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), at + 8 - window.base());
        ByteOrder order;
        if (bom == BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            return false;
        }
        intLayout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        shortLayout = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
        return true;
    }

    @Override
    public boolean next(Packet packet) throws IOException {
        while (!done) {
            long available = window.require(position, 12);
            if (available < 12) {
                if (available > 0) {
                    endWith(position, "block header cut short: " + available + " bytes");
                } else {
                    endCleanly();
                }
                return false;
            }
            int type = window.segment().get(intLayout, position - window.base());
            if (type == SECTION_HEADER && !readSectionByteOrder(position)) {
                damaged("section header has no byte-order magic");
                continue;
            }
            int length = window.segment().get(intLayout, position + 4 - window.base());
            if (length < 12 || (length & 3) != 0 || length > MAX_BLOCK) {
                damaged("impossible block length " + Integer.toUnsignedString(length));
                continue;
            }
            long got = window.require(position, length);
            if (got < length) {
                endWith(position, "last block cut short: " + got + " of " + length + " bytes");
                return false;
            }
            MemorySegment s = window.segment();
            long at = position - window.base();
            if (s.get(intLayout, at + length - 4) != length) {
                damaged("block length " + length + " does not match its trailer");
                continue;
            }
            long blockStart = position;
            position += length;
            intactBlocks++;
            switch (type) {
                case SECTION_HEADER -> startSection(s, at, blockStart);
                case INTERFACE_DESCRIPTION -> addInterface(s, at, length);
                case ENHANCED_PACKET -> {
                    if (enhancedPacket(s, at, length, blockStart, packet)) {
                        return true;
                    }
                }
                case SIMPLE_PACKET -> {
                    if (simplePacket(s, at, length, blockStart, packet)) {
                        return true;
                    }
                }
                case OBSOLETE_PACKET -> {
                    if (obsoletePacket(s, at, length, blockStart, packet)) {
                        return true;
                    }
                }
                default -> { } // NRB, ISB, DSB, custom and unknown blocks: skipped by length
            }
        }
        return false;
    }

    private void startSection(MemorySegment s, long at, long blockStart) {
        int major = Short.toUnsignedInt(s.get(shortLayout, at + 12));
        if (major != 1) {
            endWith(blockStart, "unsupported pcapng version " + major);
            return;
        }
        interfaces.clear();
    }

    private void addInterface(MemorySegment s, long at, int length) {
        if (length < 20) {
            problems.problem(new CaptureProblem(source, position - length, "interface block too short", false));
            interfaces.add(-1, 0, 1_000_000L, false, 0);
            return;
        }
        int linkType = Short.toUnsignedInt(s.get(shortLayout, at + 8));
        int snaplen = s.get(intLayout, at + 12);
        long unitsPerSecond = 1_000_000L;
        boolean binary = false;
        long offsetSeconds = 0;
        long o = at + 16;
        long end = at + length - 4;
        while (o + 4 <= end) {
            int code = Short.toUnsignedInt(s.get(shortLayout, o));
            int optionLength = Short.toUnsignedInt(s.get(shortLayout, o + 2));
            if (code == OPT_END || o + 4 + optionLength > end) {
                break;
            }
            if (code == IF_TSRESOL && optionLength >= 1) {
                int resolution = s.get(ValueLayout.JAVA_BYTE, o + 4) & 0xFF;
                binary = (resolution & 0x80) != 0;
                int exponent = resolution & 0x7F;
                unitsPerSecond = binary ? (exponent < 63 ? 1L << exponent : -1) : powerOfTen(exponent);
            } else if (code == IF_TSOFFSET && optionLength >= 8) {
                offsetSeconds = s.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(intLayout.order()), o + 4);
            }
            o += 4 + ((optionLength + 3) & ~3);
        }
        if (unitsPerSecond <= 0) {
            problems.problem(new CaptureProblem(source, position - length, "unusable if_tsresol", false));
            unitsPerSecond = 1_000_000L;
        }
        interfaces.add(linkType, snaplen, unitsPerSecond, binary, offsetSeconds);
        rememberLinkType(linkType);
    }

    private static long powerOfTen(int exponent) {
        if (exponent > 18) {
            return -1;
        }
        long v = 1;
        for (int i = 0; i < exponent; i++) {
            v *= 10;
        }
        return v;
    }

    private void rememberLinkType(int linkType) {
        for (int known : allLinkTypes) {
            if (known == linkType) {
                return;
            }
        }
        allLinkTypes = Arrays.copyOf(allLinkTypes, allLinkTypes.length + 1);
        allLinkTypes[allLinkTypes.length - 1] = linkType;
    }

    private boolean enhancedPacket(MemorySegment s, long at, int length, long blockStart, Packet packet) {
        if (length < 32) {
            problems.problem(new CaptureProblem(source, blockStart, "enhanced packet block too short", false));
            return false;
        }
        int iface = s.get(intLayout, at + 8);
        long ts = (Integer.toUnsignedLong(s.get(intLayout, at + 12)) << 32)
                | Integer.toUnsignedLong(s.get(intLayout, at + 16));
        int captured = s.get(intLayout, at + 20);
        int original = s.get(intLayout, at + 24);
        return deliver(packet, blockStart, iface, ts, captured, original, at + 28, length - 32);
    }

    private boolean obsoletePacket(MemorySegment s, long at, int length, long blockStart, Packet packet) {
        if (length < 32) {
            problems.problem(new CaptureProblem(source, blockStart, "packet block too short", false));
            return false;
        }
        int iface = Short.toUnsignedInt(s.get(shortLayout, at + 8));
        long ts = (Integer.toUnsignedLong(s.get(intLayout, at + 12)) << 32)
                | Integer.toUnsignedLong(s.get(intLayout, at + 16));
        int captured = s.get(intLayout, at + 20);
        int original = s.get(intLayout, at + 24);
        return deliver(packet, blockStart, iface, ts, captured, original, at + 28, length - 32);
    }

    private boolean simplePacket(MemorySegment s, long at, int length, long blockStart, Packet packet) {
        if (length < 16) {
            problems.problem(new CaptureProblem(source, blockStart, "simple packet block too short", false));
            return false;
        }
        if (interfaces.count() == 0) {
            problems.problem(new CaptureProblem(source, blockStart, "simple packet before any interface", false));
            return false;
        }
        int original = s.get(intLayout, at + 8);
        int room = length - 16;
        int snaplen = interfaces.snaplen(0);
        // the captured length is implied: the smaller of wire length, snaplen and the room in the block
        int captured = Math.min(room, original < 0 ? room : original);
        if (snaplen > 0) {
            captured = Math.min(captured, snaplen);
        }
        packet.set(++number, 0, interfaces.linkType(0), 0, blockStart, s, at + 12, captured, original);
        return true;
    }

    private boolean deliver(Packet packet, long blockStart, int iface, long ts, int captured, int original,
            long data, int room) {
        if (iface < 0 || iface >= interfaces.count()) {
            problems.problem(new CaptureProblem(source, blockStart,
                    "packet names interface " + Integer.toUnsignedString(iface) + " but the section has declared "
                            + declared(interfaces.count()), false));
            return false;
        }
        if (captured < 0 || captured > room) {
            problems.problem(new CaptureProblem(source, blockStart, "captured length "
                    + Integer.toUnsignedString(captured) + " exceeds the block (" + room + " bytes)", false));
            return false;
        }
        long nanos = interfaces.toNanos(iface, ts);
        if (interfaces.clamped() && interfaces.firstClamp(iface)) {
            reportClamp(iface, blockStart);
        }
        packet.set(++number, nanos, interfaces.linkType(iface), iface, blockStart, window.segment(), data, captured,
                original);
        return true;
    }

    private void reportClamp(int iface, long blockStart) {
        long offset = interfaces.offsetSeconds(iface);
        String cause = offset != 0 ? "if_tsoffset " + offset + " seconds puts timestamps" : "a timestamp lies";
        problems.problem(new CaptureProblem(source, blockStart, "interface " + iface + ": " + cause
                + " outside 1677 to 2262, the years 64-bit nanoseconds hold; such timestamps are clamped to the"
                + " nearest end", false));
    }

    private static String declared(int count) {
        return switch (count) {
            case 0 -> "no interface";
            case 1 -> "only interface 0";
            default -> "only interfaces 0 to " + (count - 1);
        };
    }

    /** Reports a damaged block at the current position and moves to the next plausible block. */
    private void damaged(String message) throws IOException {
        long start = position;
        problems.problem(new CaptureProblem(source, start, message, false));
        for (long candidate = (start + 4) & ~3L; candidate - start < RESYNC_LIMIT; candidate += 4) {
            int state = plausibleBlock(candidate);
            if (state == -2) {
                break;
            }
            if (state == 1) {
                problems.problem(new CaptureProblem(source, candidate,
                        "resumed after skipping " + (candidate - start) + " damaged bytes", false));
                position = candidate;
                return;
            }
        }
        endWith(start, "no readable block after damage");
    }

    /** 1 if a known block type with a matching trailer starts at {@code at}, 0 if not, -2 at end of input. */
    private int plausibleBlock(long at) throws IOException {
        if (window.require(at, 12) < 12) {
            return -2;
        }
        MemorySegment s = window.segment();
        ValueLayout.OfInt layout = intLayout;
        int type = s.get(layout, at - window.base());
        if (type == SECTION_HEADER) {
            // a section header carries its own byte order, which may differ from the damaged section's
            int bom = s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), at + 8 - window.base());
            if (bom == BYTE_ORDER_MAGIC) {
                layout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
            } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
                layout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            } else {
                return 0;
            }
        }
        int length = s.get(layout, at + 4 - window.base());
        boolean known = switch (type) {
            case SECTION_HEADER, INTERFACE_DESCRIPTION, OBSOLETE_PACKET, SIMPLE_PACKET, NAME_RESOLUTION,
                    INTERFACE_STATISTICS, ENHANCED_PACKET, DECRYPTION_SECRETS, CUSTOM, CUSTOM_NO_COPY -> true;
            default -> false;
        };
        if (!known || length < 12 || (length & 3) != 0 || length > MAX_BLOCK) {
            return 0;
        }
        if (window.require(at, length) < length) {
            return 0;
        }
        return window.segment().get(layout, at + length - 4 - window.base()) == length ? 1 : 0;
    }

    private void endCleanly() {
        done = true;
        EndOfInput.reached(window, problems, source, position);
    }

    private void endWith(long at, String message) {
        done = true;
        EndOfInput.cutShort(window, problems, source, at, message);
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    /** True once a block proved intact (its trailer repeats its length), the first section header included. */
    @Override
    public boolean readAnything() {
        return intactBlocks > 0;
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
        return allLinkTypes.clone();
    }

    @Override
    public void close() throws IOException {
        window.close();
    }
}
