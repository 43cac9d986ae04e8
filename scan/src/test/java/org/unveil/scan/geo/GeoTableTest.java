package org.unveil.scan.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unveil.scan.Fixtures.ip;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups against the source files read naively, the file format round trip, the shipped table's known facts. */
class GeoTableTest {
    private static final Path TOR_GEOIP = Path.of("/usr/share/tor/geoip");

    @TempDir
    Path dir;

    private GeoTable small() throws Exception {
        Path geoip = dir.resolve("geoip");
        Files.writeString(geoip, """
                # Generated: Mon, 01 Jan 2024 00:00:00 GMT
                16777216,16777471,AU
                16777472,16778239,CN
                16778240,16779263,AU
                16779264,16779264,??
                4294967040,4294967295,ZZ
                """);
        Path asn = dir.resolve("asn.csv");
        Files.writeString(asn, """
                1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."
                1.0.4.0,1.0.7.255,38803,Gtelecom Pty Ltd
                16781312,16781567,4200000001,"Private ""quoted"" AS"
                """);
        return GeoSources.build(geoip, asn);
    }

    @Test
    void lookupsFindTheRangeGapsAndEnds() throws Exception {
        GeoTable t = small();
        assertThat(t.country(ip("0.0.0.0"))).isNull();
        assertThat(t.country(ip("0.255.255.255"))).isNull();
        assertThat(t.country(ip("1.0.0.0"))).isEqualTo("AU");
        assertThat(t.country(ip("1.0.0.255"))).isEqualTo("AU");
        assertThat(t.country(ip("1.0.1.0"))).isEqualTo("CN");
        assertThat(t.country(ip("1.0.7.255"))).isEqualTo("AU");
        assertThat(t.country(ip("1.0.8.0"))).isNull();
        assertThat(t.country(ip("128.0.0.0"))).isNull();
        assertThat(t.country(ip("255.255.255.0"))).isEqualTo("ZZ");
        assertThat(t.country(ip("255.255.255.255"))).isEqualTo("ZZ");
        assertThat(t.asn(ip("1.0.0.7"))).isEqualTo(13335);
        assertThat(t.org(13335)).isEqualTo("Cloudflare, Inc.");
        assertThat(t.asn(ip("1.0.3.0"))).isEqualTo(-1);
        assertThat(Integer.toUnsignedLong(t.asn(ip("1.0.16.9")))).isEqualTo(4200000001L);
        assertThat(t.org(t.asn(ip("1.0.16.9")))).isEqualTo("Private \"quoted\" AS");
        assertThat(t.version()).isEqualTo("IPFire location Mon, 01 Jan 2024 00:00:00 GMT; @ip-location-db/asn of "
                + Files.getLastModifiedTime(dir.resolve("asn.csv")).toInstant().toString().substring(0, 10));
    }

    @Test
    void countsPerCountryWalkTheRanges() throws Exception {
        GeoTable t = small();
        long[] counts = t.countryCounts(ip("1.0.0.128") & 0xffffffffL, ip("1.0.8.9") & 0xffffffffL,
                new long[t.countryCodes().length + 1]);
        // by hand: AU 1.0.0.128-1.0.0.255 (128) + 1.0.4.0-1.0.7.255 (1024); CN 1.0.1.0-1.0.3.255 (768); unknown 10
        assertThat(counts).containsExactly(128 + 1024, 768, 0, 10);
    }

    @Test
    void theFileRoundTrips() throws Exception {
        GeoTable t = small();
        var bytes = new ByteArrayOutputStream();
        GeoFile.write(t, bytes);
        GeoTable back = GeoFile.read(new ByteArrayInputStream(bytes.toByteArray()));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            int a = ip("1.0.0.0") + random.nextInt(1 << 16);
            assertThat(back.country(a)).isEqualTo(t.country(a));
            assertThat(back.asn(a)).isEqualTo(t.asn(a));
        }
        assertThat(back.version()).isEqualTo(t.version());
        assertThatThrownBy(() -> GeoFile.read(new ByteArrayInputStream(Arrays.copyOf(bytes.toByteArray(), 100))))
                .hasMessage("the geo table is damaged");
    }

    @Test
    void theShippedTableKnowsCloudflaresFirstBlock() throws Exception {
        GeoTable t = GeoFile.shipped();
        assertThat(t.country(ip("1.0.0.1"))).isEqualTo("AU");
        assertThat(t.asn(ip("1.0.0.1"))).isEqualTo(13335);
        assertThat(t.org(13335)).isEqualTo("Cloudflare, Inc.");
        assertThat(t.country(ip("192.0.2.1"))).isNull();
        assertThat(t.asn(ip("10.1.2.3"))).isEqualTo(-1);
    }

    /**
     * 100k random addresses, sorted, walked once beside Tor's geoip lines as they stand in the file: an answer
     * made without the table's code.
     */
    @Test
    void countriesEqualANaiveWalkOfTorsGeoipFile() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(TOR_GEOIP),
                "Debian's tor-geoipdb is not installed (apt-get install tor-geoipdb): no source to compare with");
        Path asn = dir.resolve("none.csv");
        Files.writeString(asn, "");
        GeoTable table = GeoSources.build(TOR_GEOIP, asn);
        long[] addresses = new SplittableRandom(42).longs(100_000, 0, 1L << 32).sorted().toArray();
        String[] expected = new String[addresses.length];
        try (BufferedReader in = Files.newBufferedReader(TOR_GEOIP)) {
            int k = 0;
            for (String line = in.readLine(); line != null && k < addresses.length; line = in.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                long first = Long.parseLong(f[0]);
                long last = Long.parseLong(f[1]);
                while (k < addresses.length && addresses[k] < first) {
                    k++; // in no range: stays null
                }
                while (k < addresses.length && addresses[k] <= last) {
                    expected[k++] = f[2].equals("??") ? null : f[2];
                }
            }
        }
        int known = 0;
        for (int i = 0; i < addresses.length; i++) {
            assertThat(table.country((int) addresses[i])).as("%d", addresses[i]).isEqualTo(expected[i]);
            known += expected[i] == null ? 0 : 1;
        }
        assertThat(known).isGreaterThan(50_000); // most of the space is allocated: the comparison is not vacuous
    }

    /** The npm package the shipped table was built from (scan/geo/refresh), fetched with npm pack into {@code dir}. */
    private static Path npmAsnCsv(Path dir) throws Exception {
        return npmFile(dir, "package/asn-ipv4-num.csv");
    }

    /** {@code file} of the npm package (with its IPv6 csv beside, both spellings), fetched with npm pack. */
    static Path npmFile(Path dir, String file) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("npm", "pack", "--silent", "@ip-location-db/asn@2.3.2026061719").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("npm is not installed: no @ip-location-db/asn csv to compare with");
            return null;
        }
        boolean done = p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        Path tgz = dir.resolve("ip-location-db-asn-2.3.2026061719.tgz");
        Assumptions.assumeTrue(done && p.exitValue() == 0 && Files.isRegularFile(tgz),
                "npm pack @ip-location-db/asn failed (no registry or cache): no source to compare with");
        Process tar = new ProcessBuilder("tar", "xzf", tgz.toString(), "package/asn-ipv4-num.csv",
                "package/asn-ipv6.csv", "package/asn-ipv6-num.csv").directory(dir.toFile()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return dir.resolve(file);
    }

    /** A field of the npm csv: quoted when it holds a comma or quote, quotes doubled inside. */
    static String unquote(String field) {
        return field.startsWith("\"") ? field.substring(1, field.length() - 1).replace("\"\"", "\"") : field;
    }

    /**
     * The AS and organisation of 100k random addresses, sorted, walked once beside the npm csv's lines as they stand:
     * an answer made without the table's code, as for the countries.
     */
    @Test
    void asnsEqualANaiveWalkOfTheNpmCsv() throws Exception {
        Path csv = npmAsnCsv(dir);
        Path geoip = dir.resolve("empty-geoip");
        Files.writeString(geoip, "");
        GeoTable table = GeoSources.build(geoip, csv);
        long[] addresses = new SplittableRandom(43).longs(100_000, 0, 1L << 32).sorted().toArray();
        long[] asn = new long[addresses.length];
        String[] org = new String[addresses.length];
        java.util.Arrays.fill(asn, -1);
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            int k = 0;
            for (String line = in.readLine(); line != null && k < addresses.length; line = in.readLine()) {
                String[] f = line.split(",", 4);
                long first = Long.parseLong(f[0]);
                long last = Long.parseLong(f[1]);
                while (k < addresses.length && addresses[k] < first) {
                    k++;
                }
                while (k < addresses.length && addresses[k] <= last) {
                    asn[k] = Long.parseLong(f[2]);
                    org[k++] = unquote(f[3]);
                }
            }
        }
        int known = 0;
        for (int i = 0; i < addresses.length; i++) {
            int got = table.asn((int) addresses[i]);
            assertThat(got == -1 ? -1 : Integer.toUnsignedLong(got)).as("%d", addresses[i]).isEqualTo(asn[i]);
            if (asn[i] >= 0) {
                known++;
                assertThat(table.org(got)).as("%d", addresses[i]).isEqualTo(org[i].isEmpty() ? null : org[i]);
            }
        }
        assertThat(known).isGreaterThan(40_000); // most of the space is announced: the comparison is not vacuous
    }
}
