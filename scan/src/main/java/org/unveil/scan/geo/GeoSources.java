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
 * integers, "??" for unknown, IPFire's export header in comments) and @ip-location-db/asn's asn-ipv4 csv ("FIRST,LAST,
 * ASN,ORG" with addresses as integers or dotted, ORG quoted when it holds a comma).
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

    /** Reads both sources into a table. */
    public static GeoTable build(Path geoip, Path asnCsv) throws IOException, BadSource {
        Map<String, Integer> countryIndex = new LinkedHashMap<>();
        RangeTableBuilder countries = new RangeTableBuilder();
        String generated = "undated";
        try (BufferedReader in = Files.newBufferedReader(geoip, StandardCharsets.UTF_8)) {
            long lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.startsWith("#") || line.isBlank()) {
                    Matcher m = GENERATED.matcher(line);
                    if (m.matches()) {
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
                int index = countryIndex.computeIfAbsent(f[2], k -> countryIndex.size());
                countries.add(address(f[0], geoip, lineNo), address(f[1], geoip, lineNo), index);
            }
        }
        TreeMap<Integer, String> orgs = new TreeMap<>();
        RangeTableBuilder asns = new RangeTableBuilder();
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
                asns.add(address(f.get(0), asnCsv, lineNo), address(f.get(1), asnCsv, lineNo), asn);
                orgs.putIfAbsent(asn, f.get(3));
            }
        }
        String[] codes = countryIndex.keySet().toArray(String[]::new);
        int[] asnNumbers = orgs.keySet().stream().mapToInt(Integer::intValue).toArray();
        String version = "IPFire location " + generated + "; @ip-location-db/asn " + npmVersion(asnCsv);
        return new GeoTable(version, codes, countries.build(), asns.build(), asnNumbers,
                orgs.values().toArray(String[]::new));
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
        throw new BadSource(file + ": line " + lineNo + ": '" + t + "' is not an IPv4 address"
                + (t.indexOf(':') >= 0 ? " (give the IPv4 file)" : ""));
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
