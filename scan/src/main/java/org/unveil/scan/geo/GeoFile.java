package org.unveil.scan.geo;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The compact file a {@link GeoTable} ships in (resource {@value #RESOURCE}): gzip of "UVGEO2", the version, the
 * country codes, then each IPv4 range table as (start delta, value + 1) varints, then the AS names, then the two IPv6
 * range tables as (high delta, low or low delta, value + 1) varints. About 4.5 MB. "UVGEO1" files (IPv4 only, the
 * layout without the IPv6 tables) are still read.
 */
public final class GeoFile {
    /** The table shipped with Unveil. */
    public static final String RESOURCE = "/org/unveil/scan/geo/ip.geo";
    private static final String MAGIC = "UVGEO2";
    private static final String MAGIC_IPV4 = "UVGEO1";

    private GeoFile() {
    }

    /** The table shipped inside Unveil. */
    public static GeoTable shipped() throws IOException {
        InputStream in = GeoFile.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("the geo table is missing from this build (" + RESOURCE + ")");
        }
        try (in) {
            return read(in);
        }
    }

    /** The table in {@code file}. */
    public static GeoTable load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Writes {@code table} to {@code file} through a temporary file beside it: a reader never sees half a table. */
    public static void save(GeoTable table, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".geo", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(table, out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void write(GeoTable table, OutputStream target) throws IOException {
        var gz = new GZIPOutputStream(target, 1 << 16);
        var out = new DataOutputStream(new BufferedOutputStream(gz, 1 << 16));
        out.writeUTF(MAGIC);
        out.writeUTF(table.version());
        String[] codes = table.countryCodes();
        varint(out, codes.length);
        for (String c : codes) {
            out.writeUTF(c);
        }
        ranges(out, table.countryRanges());
        ranges(out, table.asnRanges());
        int[] asns = table.asns();
        String[] orgs = table.orgs();
        varint(out, asns.length);
        int previous = 0;
        for (int i = 0; i < asns.length; i++) {
            varint(out, asns[i] - previous);
            previous = asns[i];
            out.writeUTF(orgs[i]);
        }
        ranges6(out, table.countryRanges6());
        ranges6(out, table.asnRanges6());
        out.flush();
        gz.finish();
    }

    static GeoTable read(InputStream source) throws IOException {
        var in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source, 1 << 16), 1 << 16));
        try {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic) && !MAGIC_IPV4.equals(magic)) {
                throw new IOException("not an Unveil geo table");
            }
            String version = in.readUTF();
            String[] codes = new String[varint(in)];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = in.readUTF();
            }
            RangeTable countries = ranges(in);
            RangeTable asnRanges = ranges(in);
            int[] asns = new int[varint(in)];
            String[] orgs = new String[asns.length];
            int previous = 0;
            for (int i = 0; i < asns.length; i++) {
                asns[i] = previous + varint(in);
                previous = asns[i];
                orgs[i] = in.readUTF();
            }
            if (MAGIC_IPV4.equals(magic)) {
                return new GeoTable(version, codes, countries, asnRanges, asns, orgs);
            }
            RangeTable6 countries6 = ranges6(in);
            RangeTable6 asnRanges6 = ranges6(in);
            return new GeoTable(version, codes, countries, asnRanges, asns, orgs, countries6, asnRanges6);
        } catch (java.io.EOFException | IllegalArgumentException | java.util.zip.ZipException e) {
            throw new IOException("the geo table is damaged", e);
        }
    }

    private static void ranges(DataOutputStream out, RangeTable t) throws IOException {
        varint(out, t.size());
        int previous = 0;
        for (int i = 0; i < t.size(); i++) {
            varint(out, t.start(i) - previous);
            previous = t.start(i);
            varint(out, t.value(i) + 1);
        }
    }

    private static RangeTable ranges(DataInputStream in) throws IOException {
        int n = varint(in);
        int[] starts = new int[n];
        int[] values = new int[n];
        int previous = 0;
        for (int i = 0; i < n; i++) {
            starts[i] = previous + varint(in);
            previous = starts[i];
            values[i] = varint(in) - 1;
        }
        return new RangeTable(starts, values);
    }

    /** Starts as the high word's delta, then the low word itself when the high one moved, else its delta. */
    private static void ranges6(DataOutputStream out, RangeTable6 t) throws IOException {
        varint(out, t.size());
        long previousHi = 0;
        long previousLo = 0;
        for (int i = 0; i < t.size(); i++) {
            long hi = t.startHi(i);
            long lo = t.startLo(i);
            varlong(out, hi - previousHi);
            varlong(out, hi == previousHi ? lo - previousLo : lo);
            previousHi = hi;
            previousLo = lo;
            varint(out, t.value(i) + 1);
        }
    }

    private static RangeTable6 ranges6(DataInputStream in) throws IOException {
        int n = varint(in);
        long[] his = new long[n];
        long[] los = new long[n];
        int[] values = new int[n];
        long previousHi = 0;
        long previousLo = 0;
        for (int i = 0; i < n; i++) {
            long dh = varlong(in);
            long hi = previousHi + dh;
            long lo = dh == 0 ? previousLo + varlong(in) : varlong(in);
            his[i] = hi;
            los[i] = lo;
            values[i] = varint(in) - 1;
            previousHi = hi;
            previousLo = lo;
        }
        return new RangeTable6(his, los, values);
    }

    private static void varlong(DataOutputStream out, long value) throws IOException {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.writeByte((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long varlong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("the geo table is damaged");
    }

    private static void varint(DataOutputStream out, int value) throws IOException {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.writeByte(v & 0x7f | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int varint(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("the geo table is damaged");
    }
}
