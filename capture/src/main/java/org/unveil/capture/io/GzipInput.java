package org.unveil.capture.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip decompressor (RFC 1952, members one after another) that keeps every byte inflated before damage:
 * the bytes come out first, then the next read fails with a {@link Damage} telling in plain words what broke
 * and after how many bytes. The JDK's GZIPInputStream loses the output of an inflate call that meets damage
 * (up to its whole 64 KiB input buffer's worth), and says "null" of a header it cannot read.
 */
public final class GzipInput extends InputStream {
    private static final int MAGIC_1 = 0x1F;
    private static final int MAGIC_2 = 0x8B;
    private static final int DEFLATE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    /** The fixed part of a member header: magic, method, flags, mtime, extra flags, OS. */
    private static final int HEADER = 10;

    /** The stream broke: the message says where and why, ready for a problem report. */
    public static final class Damage extends IOException {
        Damage(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[1 << 16];
    private final byte[] one = new byte[1];
    private int inputPosition;
    private int inputLimit;
    /** Compressed bytes taken from {@code in} so far, for offsets in messages. */
    private long fetched;
    /** Decompressed bytes handed out so far. */
    private long produced;
    private long memberStart;
    private boolean ended;
    private String damage;

    private GzipInput(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the first member header of {@code in}.
     *
     * @throws Damage when the header is cut short or damaged, in words fit for "gzip header damaged: ..."
     */
    public static GzipInput open(InputStream in) throws IOException {
        GzipInput gzip = new GzipInput(in);
        String problem;
        try {
            problem = gzip.readHeader(gzip.nextByte(), gzip.nextByte());
        } catch (IOException | RuntimeException e) {
            gzip.inflater.end();
            throw e;
        }
        if (problem != null) {
            gzip.inflater.end();
            throw new Damage(problem);
        }
        return gzip;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (damage != null) {
                throw new Damage(damage);
            }
            if (ended) {
                return -1;
            }
            if (inflater.needsInput()) {
                // bytes left after a header (read from the same buffer) go to the inflater before new ones
                if (inputPosition == inputLimit && !fetch()) {
                    damaged("the compressed file ends at byte " + fetched + ", inside the compressed data");
                    continue;
                }
                inflater.setInput(input, inputPosition, inputLimit - inputPosition);
            }
            long before = inflater.getBytesWritten();
            int n;
            try {
                n = inflater.inflate(into, offset, length);
            } catch (DataFormatException e) {
                // the bytes inflated before the damage are in the buffer and counted: keep them
                n = (int) (inflater.getBytesWritten() - before);
                took(into, offset, n);
                damaged(reason(e) + " at compressed byte " + consumed());
                if (n > 0) {
                    return n;
                }
                continue;
            }
            took(into, offset, n);
            if (inflater.finished()) {
                endMember();
            } else if (n == 0 && !inflater.needsInput()) {
                // raw deflate never asks for a dictionary; whatever else this is, looping on it would hang
                damaged("the decompressor stopped at compressed byte " + consumed());
            }
            if (n > 0) {
                return n;
            }
        }
    }

    private void took(byte[] into, int offset, int n) {
        crc.update(into, offset, n);
        produced += n;
        inputPosition = inputLimit - inflater.getRemaining();
    }

    private static String reason(DataFormatException e) {
        String zlib = e.getMessage();
        return zlib == null || zlib.isBlank() ? "not valid deflate data" : zlib;
    }

    private void damaged(String reason) {
        damage = "gzip data damaged after " + produced + " bytes of capture: " + reason;
    }

    private long consumed() {
        return fetched - (inputLimit - inputPosition);
    }

    /** Checks the trailer of the member just inflated, then starts the next member if one follows. */
    private void endMember() throws IOException {
        long trailerAt = consumed();
        long expectedCrc = readIntLe();
        long expectedSize = readIntLe();
        if (expectedCrc < 0 || expectedSize < 0) {
            damaged("the compressed file ends at byte " + fetched + ", inside the gzip trailer");
            return;
        }
        if (expectedCrc != crc.getValue()) {
            damaged("the checksum at compressed byte " + trailerAt + " does not match: some bytes read may be wrong");
            return;
        }
        if (expectedSize != ((produced - memberStart) & 0xFFFF_FFFFL)) {
            damaged("the length at compressed byte " + (trailerAt + 4) + " does not match");
            return;
        }
        int first = nextByte();
        int second = first < 0 ? -1 : nextByte();
        if (first != MAGIC_1 || second != MAGIC_2) {
            // nothing more, or bytes after the last member that are no gzip member: ignored, as gzip and the JDK do
            ended = true;
            return;
        }
        inflater.reset();
        crc.reset();
        memberStart = produced;
        String problem = readHeader(first, second);
        if (problem != null) {
            damaged("the header of the next gzip member is damaged: " + problem);
        }
    }

    /** A little-endian unsigned 32-bit trailer field, or -1 when the input ends first. */
    private long readIntLe() throws IOException {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = nextByte();
            if (b < 0) {
                return -1;
            }
            value |= (long) b << (8 * i);
        }
        return value;
    }

    /** Reads a member header whose first two bytes were read already; returns what is wrong, or null. */
    private String readHeader(int first, int second) throws IOException {
        long start = consumed() - 2;
        CRC32 headerCrc = new CRC32();
        int[] fixed = new int[HEADER];
        fixed[0] = first;
        fixed[1] = second;
        for (int i = 0; i < HEADER; i++) {
            if (i >= 2) {
                fixed[i] = nextByte();
            }
            if (fixed[i] < 0) {
                return "only " + i + " bytes, a gzip header needs at least " + HEADER;
            }
            headerCrc.update(fixed[i]);
        }
        if (fixed[0] != MAGIC_1 || fixed[1] != MAGIC_2) {
            return String.format("no gzip magic number at compressed byte %d (0x%02x%02x)", start, fixed[0], fixed[1]);
        }
        if (fixed[2] != DEFLATE) {
            return "compression method " + fixed[2] + " is not deflate (8)";
        }
        int flags = fixed[3];
        if ((flags & FEXTRA) != 0) {
            int low = nextByte();
            int high = low < 0 ? -1 : nextByte();
            if (high < 0) {
                return "cut short in its extra field";
            }
            headerCrc.update(low);
            headerCrc.update(high);
            for (int left = low | (high << 8); left > 0; left--) {
                int b = nextByte();
                if (b < 0) {
                    return "cut short in its extra field";
                }
                headerCrc.update(b);
            }
        }
        if ((flags & FNAME) != 0 && !skipZeroTerminated(headerCrc)) {
            return "cut short in its file name";
        }
        if ((flags & FCOMMENT) != 0 && !skipZeroTerminated(headerCrc)) {
            return "cut short in its comment";
        }
        if ((flags & FHCRC) != 0) {
            int low = nextByte();
            int high = low < 0 ? -1 : nextByte();
            if (high < 0) {
                return "cut short in its checksum";
            }
            if ((low | (high << 8)) != (int) (headerCrc.getValue() & 0xFFFF)) {
                return "its checksum does not match";
            }
        }
        return null;
    }

    private boolean skipZeroTerminated(CRC32 headerCrc) throws IOException {
        for (int b; (b = nextByte()) != 0; ) {
            if (b < 0) {
                return false;
            }
            headerCrc.update(b);
        }
        headerCrc.update(0);
        return true;
    }

    /** One compressed byte outside the deflate data (header, trailer), or -1 at the end of input. */
    private int nextByte() throws IOException {
        if (inputPosition == inputLimit && !fetch()) {
            return -1;
        }
        return input[inputPosition++] & 0xFF;
    }

    /** Refills the input buffer once all of it was taken; false at the end of input. */
    private boolean fetch() throws IOException {
        int n;
        do {
            n = in.read(input, 0, input.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        inputPosition = 0;
        inputLimit = n;
        fetched += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
