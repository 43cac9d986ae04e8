package org.unveil.scan.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unveil.scan.Ipv4;

/**
 * Builds a {@link GeoTable} from the sources as published: Tor's geoip file ("FIRST,LAST,CC" with addresses as
 * integers, "??" for unknown, IPFire's export header in comments) and geoip6 (the same with IPv6 text), and
 * @ip-location-db/asn's asn-ipv4 and asn-ipv6 csv ("FIRST,LAST,ASN,ORG" with addresses as integers or text, ORG
 * quoted when it holds a comma).
 */
public final class GeoSources {
    private static final Pattern GENERATED = Pattern.compile("^#\\s*Generated:\\s*(.+)$");
    private static final Pattern NPM_VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private GeoSources() {
    }

    /** A source file that is not what it should be, in plain words. */
    public static final class BadSource extends Exception {
        BadSource(String message) {
            super(message, null, false, false);
        }
    }

    /** What a source file holds, told from its first data line. */
    public enum Kind {
        /** Tor's geoip: FIRST,LAST,CC with IPv4 addresses as integers. */
        COUNTRY_IPV4,
        /** Tor's geoip6: FIRST,LAST,CC with IPv6 addresses as text. */
        COUNTRY_IPV6,
        /** @ip-location-db/asn's asn-ipv4(-num).csv: FIRST,LAST,ASN,ORG. */
        ASN_IPV4,
        /** @ip-location-db/asn's asn-ipv6(-num).csv: FIRST,LAST,ASN,ORG with IPv6 addresses as text or integers. */
        ASN_IPV6
    }

    /** Reads both sources into a table (either may be the IPv6 file, or empty: nothing). */
    public static GeoTable build(Path geoip, Path asnCsv) throws IOException, BadSource {
        return build(List.of(geoip, asnCsv));
    }

    /**
     * Reads any of the four sources, each told by its content ({@link #kind}), into a table; a file without data
     * lines adds nothing. Two files of one kind are refused.
     */
    public static GeoTable build(List<Path> files) throws IOException, BadSource {
        Map<Kind, Path> byKind = new java.util.EnumMap<>(Kind.class);
        for (Path f : files) {
            Kind k = kind(f);
            if (k != null && byKind.put(k, f) != null) {
                throw new BadSource(f + " and " + byKind.get(k) + " are both " + describe(k) + ": give one of each");
            }
        }
        Map<String, Integer> countryIndex = new LinkedHashMap<>();
        RangeTableBuilder countries = new RangeTableBuilder();
        RangeTable6Builder countries6 = new RangeTable6Builder();
        String generated = "undated";
        for (Kind k : new Kind[] {Kind.COUNTRY_IPV4, Kind.COUNTRY_IPV6}) {
            Path geoip = byKind.get(k);
            if (geoip == null) {
                continue;
            }
            boolean v6 = k == Kind.COUNTRY_IPV6;
            long[] first = new long[2];
            long[] last = new long[2];
            try (BufferedReader in = Files.newBufferedReader(geoip, StandardCharsets.UTF_8)) {
                long lineNo = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.startsWith("#") || line.isBlank()) {
                        Matcher m = GENERATED.matcher(line);
                        if (m.matches() && generated.equals("undated")) {
                            generated = m.group(1).strip();
                        }
                        continue;
                    }
                    String[] f = line.split(",");
                    if (f.length != 3) {
                        throw new BadSource(geoip + ": line " + lineNo + ": expected FIRST,LAST,COUNTRY");
                    }
                    if (f[2].equals("??")) {
                        continue;
                    }
                    int index = countryIndex.computeIfAbsent(f[2], c -> countryIndex.size());
                    if (v6) {
                        address6(f[0], geoip, lineNo, first);
                        address6(f[1], geoip, lineNo, last);
                        add6(countries6, first, last, index, geoip, lineNo);
                    } else {
                        countries.add(address(f[0], geoip, lineNo), address(f[1], geoip, lineNo), index);
                    }
                }
            }
        }
        TreeMap<Integer, String> orgs = new TreeMap<>();
        RangeTableBuilder asns = new RangeTableBuilder();
        RangeTable6Builder asns6 = new RangeTable6Builder();
        String npm = null;
        for (Kind k : new Kind[] {Kind.ASN_IPV4, Kind.ASN_IPV6}) {
            Path asnCsv = byKind.get(k);
            if (asnCsv == null) {
                continue;
            }
            if (npm == null) {
                npm = npmVersion(asnCsv);
            }
            boolean v6 = k == Kind.ASN_IPV6;
            long[] first = new long[2];
            long[] last = new long[2];
            try (BufferedReader in = Files.newBufferedReader(asnCsv, StandardCharsets.UTF_8)) {
                long lineNo = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    List<String> f = csv(line);
                    if (f.size() != 4) {
                        throw new BadSource(asnCsv + ": line " + lineNo + ": expected FIRST,LAST,ASN,ORG");
                    }
                    int asn;
                    try {
                        // 32-bit AS numbers, held unsigned in an int; 4294967295 is reserved and stands for "none"
                        long value = Long.parseLong(f.get(2));
                        if (value < 0 || value >= 0xffffffffL) {
                            throw new NumberFormatException();
                        }
                        asn = (int) value;
                    } catch (NumberFormatException e) {
                        throw new BadSource(asnCsv + ": line " + lineNo + ": AS number '" + f.get(2)
                                + "' is not a 32-bit AS number");
                    }
                    if (v6) {
                        address6(f.get(0), asnCsv, lineNo, first);
                        address6(f.get(1), asnCsv, lineNo, last);
                        add6(asns6, first, last, asn, asnCsv, lineNo);
                    } else {
                        asns.add(address(f.get(0), asnCsv, lineNo), address(f.get(1), asnCsv, lineNo), asn);
                    }
                    orgs.putIfAbsent(asn, f.get(3));
                }
            }
        }
        String[] codes = countryIndex.keySet().toArray(String[]::new);
        int[] asnNumbers = orgs.keySet().stream().mapToInt(Integer::intValue).toArray();
        String version = "IPFire location " + generated + "; @ip-location-db/asn " + (npm == null ? "none" : npm);
        return new GeoTable(version, codes, countries.build(), asns.build(), asnNumbers,
                orgs.values().toArray(String[]::new), countries6.build(), asns6.build());
    }

    /**
     * What {@code file} holds, from its first line that is not blank or a comment: three fields are a country file,
     * four an AS file, and an address with a colon or an integer above 2^32 - 1 makes it the IPv6 one. Null when the
     * file has no data line.
     */
    public static Kind kind(Path file) throws IOException, BadSource {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                List<String> f = csv(line);
                String first = f.getFirst().strip();
                boolean digits = !first.isEmpty() && first.chars().allMatch(c -> c >= '0' && c <= '9');
                boolean v6 = first.indexOf(':') >= 0
                        || digits && (first.length() > 10 || Long.parseLong(first) > 0xffffffffL);
                return switch (f.size()) {
                    case 3 -> v6 ? Kind.COUNTRY_IPV6 : Kind.COUNTRY_IPV4;
                    case 4 -> v6 ? Kind.ASN_IPV6 : Kind.ASN_IPV4;
                    default -> throw new BadSource(file + ": not a geo source (expected FIRST,LAST,COUNTRY as in"
                            + " Tor's geoip or FIRST,LAST,ASN,ORG as in @ip-location-db/asn's csv)");
                };
            }
        }
        return null;
    }

    /** The kind in words ("IPv6 country files"). */
    public static String describe(Kind k) {
        return switch (k) {
            case COUNTRY_IPV4 -> "IPv4 country files";
            case COUNTRY_IPV6 -> "IPv6 country files";
            case ASN_IPV4 -> "IPv4 AS files";
            case ASN_IPV6 -> "IPv6 AS files";
        };
    }

    private static void add6(RangeTable6Builder b, long[] first, long[] last, int value, Path file, long lineNo)
            throws BadSource {
        if (RangeTable6Builder.compare(first[0], first[1], last[0], last[1]) > 0) {
            throw new BadSource(file + ": line " + lineNo + ": the range ends before it starts");
        }
        b.add(first[0], first[1], last[0], last[1], value);
    }

    /** An IPv6 address as text ("2001:db8::") or as an integer (the -num csv) into {@code out}. */
    private static void address6(String text, Path file, long lineNo, long[] out) throws BadSource {
        String t = text.strip();
        if (t.indexOf(':') >= 0) {
            if (org.unveil.scan.Ipv6.parse(t, out)) {
                return;
            }
        } else if (!t.isEmpty() && t.length() <= 39 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            java.math.BigInteger v = new java.math.BigInteger(t);
            if (v.bitLength() <= 128) {
                out[0] = v.shiftRight(64).longValue();
                out[1] = v.longValue();
                return;
            }
        }
        throw new BadSource(file + ": line " + lineNo + ": '" + t + "' is not an IPv6 address");
    }

    /** The npm package's version from the package.json beside the csv (npm pack's layout), or the file's date. */
    private static String npmVersion(Path csv) throws IOException {
        Path json = csv.toAbsolutePath().getParent().resolve("package.json");
        if (Files.isRegularFile(json)) {
            Matcher m = NPM_VERSION.matcher(Files.readString(json));
            if (m.find()) {
                return m.group(1);
            }
        }
        return "of " + Files.getLastModifiedTime(csv).toInstant().toString().substring(0, 10);
    }

    private static long address(String text, Path file, long lineNo) throws BadSource {
        String t = text.strip();
        if (t.indexOf('.') >= 0) {
            long v = Ipv4.parse(t);
            if (v >= 0) {
                return v;
            }
        } else {
            try {
                long v = Long.parseLong(t);
                if (v >= 0 && v <= 0xffffffffL) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new BadSource(file + ": line " + lineNo + ": '" + t + "' is not an IPv4 address");
    }

    /** One csv line's fields: quotes around a field that holds commas, "" for a quote inside. */
    static List<String> csv(String line) {
        List<String> fields = new ArrayList<>(4);
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        fields.add(sb.toString());
        return fields;
    }
}
