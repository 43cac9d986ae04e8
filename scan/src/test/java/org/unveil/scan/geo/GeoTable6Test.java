package org.unveil.scan.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Ipv6;

/**
 * IPv6 lookups against Tor's geoip6 and the npm package's asn-ipv6 csv read naively (addresses parsed by the JDK,
 * compared as BigIntegers), the sources told apart by content, the file format with IPv6 tables.
 */
class GeoTable6Test {
    private static final Path TOR_GEOIP = Path.of("/usr/share/tor/geoip");
    private static final Path TOR_GEOIP6 = Path.of("/usr/share/tor/geoip6");
    private static final BigInteger TOP = BigInteger.ONE.shiftLeft(128);

    @TempDir
    Path dir;

    private static BigInteger jdk(String text) throws Exception {
        return new BigInteger(1, InetAddress.getByName(text.strip()).getAddress());
    }

    private static long hi(BigInteger v) {
        return v.shiftRight(64).longValue();
    }

    private static long lo(BigInteger v) {
        return v.longValue();
    }

    private GeoTable small() throws Exception {
        Path geoip6 = dir.resolve("geoip6");
        Files.writeString(geoip6, """
                # Generated: Tue, 02 Jan 2024 00:00:00 GMT
                2001::,2001:0:ffff:ffff:ffff:ffff:ffff:ffff,??
                2001:2::,2001:2:0:ffff:ffff:ffff:ffff:ffff,JP
                2001:4:112::,2001:4:112:ffff:ffff:ffff:ffff:ffff,US
                2001:db8::,2001:db8::7f,AA
                2001:db8::80,2001:db8::ff,BB
                ffff::,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,ZZ
                """);
        Path asn6 = dir.resolve("asn6.csv");
        Files.writeString(asn6, """
                2001:db8::,2001:db8::ff,64500,"Lab, One"
                42540766411282592875350729025363378176,42540766411282592875350729025363378431,64501,Lab Two
                """);
        Path geoip = dir.resolve("geoip");
        Files.writeString(geoip, "16777216,16777471,AU\n");
        return GeoSources.build(List.of(asn6, geoip6, geoip));
    }

    @Test
    void lookupsFindTheRangesGapsAndEnds() throws Exception {
        GeoTable t = small();
        assertThat(country(t, "::")).isNull();
        assertThat(country(t, "2001::1")).isNull(); // "??" in the file
        assertThat(country(t, "2001:2::")).isEqualTo("JP");
        assertThat(country(t, "2001:2:0:ffff:ffff:ffff:ffff:ffff")).isEqualTo("JP");
        assertThat(country(t, "2001:2:1::")).isNull();
        assertThat(country(t, "2001:db8::7f")).isEqualTo("AA");
        assertThat(country(t, "2001:db8::80")).isEqualTo("BB");
        assertThat(country(t, "2001:db8::100")).isNull();
        assertThat(country(t, "ffff::")).isEqualTo("ZZ");
        assertThat(country(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo("ZZ");
        assertThat(asn(t, "2001:db8::")).isEqualTo(64500);
        assertThat(t.org(64500)).isEqualTo("Lab, One");
        // 42540766411282592875350729025363378176 is 2001:db8:0:1:: (Python's ipaddress says so)
        assertThat(asn(t, "2001:db8:0:1::ff")).isEqualTo(64501);
        assertThat(asn(t, "2001:db8:0:1::100")).isEqualTo(-1);
        assertThat(t.country((int) org.unveil.scan.Ipv4.parse("1.0.0.1"))).isEqualTo("AU");
        assertThat(t.hasIpv6()).isTrue();
        assertThat(t.version()).startsWith("IPFire location Tue, 02 Jan 2024 00:00:00 GMT; @ip-location-db/asn of ");
    }

    @Test
    void sourcesAreToldByWhatTheyHold() throws Exception {
        GeoTable t = small();
        assertThat(GeoSources.kind(dir.resolve("geoip6"))).isEqualTo(GeoSources.Kind.COUNTRY_IPV6);
        assertThat(GeoSources.kind(dir.resolve("asn6.csv"))).isEqualTo(GeoSources.Kind.ASN_IPV6);
        assertThat(GeoSources.kind(dir.resolve("geoip"))).isEqualTo(GeoSources.Kind.COUNTRY_IPV4);
        Path dotted = dir.resolve("asn4.csv");
        Files.writeString(dotted, "255.255.255.0,255.255.255.255,64502,Top\n");
        assertThat(GeoSources.kind(dotted)).isEqualTo(GeoSources.Kind.ASN_IPV4);
        Path other = dir.resolve("geoip-again");
        Files.writeString(other, "16777216,16777471,AU\n");
        assertThatThrownBy(() -> GeoSources.build(List.of(dir.resolve("geoip"), other)))
                .isInstanceOf(GeoSources.BadSource.class).hasMessageContaining("are both IPv4 country files");
        Path bad = dir.resolve("bad6");
        Files.writeString(bad, "2001:db8::,2001:db8::zz,AA\n");
        assertThatThrownBy(() -> GeoSources.build(List.of(bad)))
                .hasMessage(bad + ": line 1: '2001:db8::zz' is not an IPv6 address");
        Path backwards = dir.resolve("backwards6");
        Files.writeString(backwards, "2001:db8::ff,2001:db8::,AA\n");
        assertThatThrownBy(() -> GeoSources.build(List.of(backwards)))
                .hasMessage(backwards + ": line 1: the range ends before it starts");
        assertThat(t).isNotNull();
    }

    @Test
    void theFileRoundTripsWithItsIpv6Tables() throws Exception {
        GeoTable t = small();
        var bytes = new ByteArrayOutputStream();
        GeoFile.write(t, bytes);
        GeoTable back = GeoFile.read(new ByteArrayInputStream(bytes.toByteArray()));
        SplittableRandom random = new SplittableRandom(7);
        BigInteger base = jdk("2001:db8::");
        for (int i = 0; i < 10_000; i++) {
            BigInteger a = i % 2 == 0 ? base.add(BigInteger.valueOf(random.nextInt(1024)))
                    : new BigInteger(128, new java.util.Random(random.nextLong()));
            assertThat(back.countryIndex6(hi(a), lo(a))).isEqualTo(t.countryIndex6(hi(a), lo(a)));
            assertThat(back.asn6(hi(a), lo(a))).isEqualTo(t.asn6(hi(a), lo(a)));
        }
        assertThat(back.hasIpv6()).isTrue();
        assertThatThrownBy(() -> GeoFile.read(new ByteArrayInputStream(Arrays.copyOf(bytes.toByteArray(),
                bytes.size() - 30)))).hasMessage("the geo table is damaged");
    }

    @Test
    void theShippedTableKnowsIpv6() throws Exception {
        GeoTable t = GeoFile.shipped();
        assertThat(t.hasIpv6()).isTrue();
        // 2001:200::/37 is WIDE's in Japan in both sources (geoip6 and asn-ipv6: AS 2500 "WIDE Project")
        assertThat(country(t, "2001:200::1")).isEqualTo("JP");
        assertThat(asn(t, "2001:200::1")).isEqualTo(2500);
        assertThat(t.org(2500)).isEqualTo("WIDE Project");
        assertThat(country(t, "2001:db8::1")).isNull();
        assertThat(country(t, "fe80::1")).isNull();
    }

    /**
     * 100k IPv6 addresses: half uniform over the whole space, half drawn near the lines of geoip6 (a range's ends,
     * one past them, or inside), since most of the space is unallocated and uniform ones alone would nearly all
     * miss. Sorted, then walked once beside geoip6's lines as they stand, parsed by the JDK.
     */
    @Test
    void countriesEqualANaiveWalkOfTorsGeoip6() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(TOR_GEOIP6),
                "Debian's tor-geoipdb is not installed (apt-get install tor-geoipdb): no geoip6 to compare with");
        List<BigInteger[]> lines = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (String line : Files.readAllLines(TOR_GEOIP6)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            lines.add(new BigInteger[] {jdk(f[0]), jdk(f[1])});
            codes.add(f[2]);
        }
        BigInteger[] addresses = draw(lines, 100_000, 42);
        String[] expected = new String[addresses.length];
        int k = 0;
        for (int i = 0; i < lines.size() && k < addresses.length; i++) {
            while (k < addresses.length && addresses[k].compareTo(lines.get(i)[0]) < 0) {
                k++;
            }
            while (k < addresses.length && addresses[k].compareTo(lines.get(i)[1]) <= 0) {
                expected[k++] = codes.get(i).equals("??") ? null : codes.get(i);
            }
        }
        Path none = dir.resolve("none.csv");
        Files.writeString(none, "");
        GeoTable table = GeoSources.build(List.of(TOR_GEOIP6, none));
        int known = 0;
        for (int i = 0; i < addresses.length; i++) {
            BigInteger a = addresses[i];
            assertThat(table.country6(hi(a), lo(a))).as("%s", a).isEqualTo(expected[i]);
            known += expected[i] == null ? 0 : 1;
        }
        assertThat(known).isGreaterThan(30_000); // not vacuous: tens of thousands land in a country
    }

    /** The same for AS numbers and organisations, beside the npm package's asn-ipv6.csv (text addresses). */
    @Test
    void asnsEqualANaiveWalkOfTheNpmIpv6Csv() throws Exception {
        Path csv = GeoTableTest.npmFile(dir, "package/asn-ipv6.csv");
        List<BigInteger[]> lines = new ArrayList<>();
        List<String[]> rest = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", 4);
            lines.add(new BigInteger[] {jdk(f[0]), jdk(f[1])});
            rest.add(new String[] {f[2], GeoTableTest.unquote(f[3])});
        }
        BigInteger[] addresses = draw(lines, 100_000, 43);
        long[] asn = new long[addresses.length];
        String[] org = new String[addresses.length];
        Arrays.fill(asn, -1);
        int k = 0;
        for (int i = 0; i < lines.size() && k < addresses.length; i++) {
            while (k < addresses.length && addresses[k].compareTo(lines.get(i)[0]) < 0) {
                k++;
            }
            while (k < addresses.length && addresses[k].compareTo(lines.get(i)[1]) <= 0) {
                asn[k] = Long.parseLong(rest.get(i)[0]);
                org[k++] = rest.get(i)[1];
            }
        }
        Path empty = dir.resolve("empty-geoip");
        Files.writeString(empty, "");
        // the -num csv (integers) builds the table; the text csv is the naive side: the two spellings must agree
        GeoTable table = GeoSources.build(List.of(empty, csv.resolveSibling("asn-ipv6-num.csv")));
        int known = 0;
        for (int i = 0; i < addresses.length; i++) {
            BigInteger a = addresses[i];
            int got = table.asn6(hi(a), lo(a));
            assertThat(got == -1 ? -1 : Integer.toUnsignedLong(got)).as("%s", a).isEqualTo(asn[i]);
            if (asn[i] >= 0) {
                known++;
                assertThat(table.org(got)).as("%s", a).isEqualTo(org[i].isEmpty() ? null : org[i]);
            }
        }
        assertThat(known).isGreaterThan(30_000);
    }

    /** The shipped table answers as one built from Tor's two files directly, for IPv4 and IPv6. */
    @Test
    void theShippedTableIsBuiltFromBothTorFiles() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(TOR_GEOIP) && Files.isReadable(TOR_GEOIP6),
                "Debian's tor-geoipdb is not installed: nothing to compare the shipped table with");
        GeoTable shipped = GeoFile.shipped();
        Path none = dir.resolve("none.csv");
        Files.writeString(none, "");
        GeoTable fresh = GeoSources.build(List.of(TOR_GEOIP, TOR_GEOIP6, none));
        Assumptions.assumeTrue(shipped.version().startsWith(fresh.version().substring(0,
                fresh.version().indexOf(';'))), "the installed tor-geoipdb is not the one the table was built from");
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 100_000; i++) {
            long h = 0x2000_0000_0000_0000L | random.nextLong() >>> 3;
            long l = random.nextLong();
            assertThat(shipped.country6(h, l)).isEqualTo(fresh.country6(h, l));
            int a = random.nextInt();
            assertThat(shipped.country(a)).isEqualTo(fresh.country(a));
        }
    }

    private static BigInteger[] draw(List<BigInteger[]> lines, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        java.util.Random bits = new java.util.Random(seed);
        BigInteger[] out = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                out[i] = new BigInteger(128, bits);
                continue;
            }
            BigInteger[] r = lines.get(random.nextInt(lines.size()));
            BigInteger span = r[1].subtract(r[0]);
            BigInteger a = switch (random.nextInt(5)) {
                case 0 -> r[0];
                case 1 -> r[1];
                case 2 -> r[0].subtract(BigInteger.ONE);
                case 3 -> r[1].add(BigInteger.ONE);
                default -> r[0].add(new BigInteger(span.bitLength() + 8, bits).mod(span.add(BigInteger.ONE)));
            };
            out[i] = a.mod(TOP);
        }
        Arrays.sort(out);
        return out;
    }

    private static String country(GeoTable t, String text) {
        long[] a = new long[2];
        assertThat(Ipv6.parse(text, a)).isTrue();
        return t.country6(a[0], a[1]);
    }

    private static int asn(GeoTable t, String text) {
        long[] a = new long[2];
        assertThat(Ipv6.parse(text, a)).isTrue();
        return t.asn6(a[0], a[1]);
    }
}
