package org.unveil.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import org.unveil.scan.geo.GeoSources;
import org.unveil.scan.geo.GeoTable;

/**
 * A geo table over the documentation ranges, made up so tests know every label by construction: 192.0.2.0/25 and
 * 198.51.100.0/24 are country AA, 192.0.2.128/25 BB; AS 64500 "Lab One" holds 192.0.2.0/26, AS 64501 "Lab Two"
 * 192.0.2.64-255; 198.51.100.0/24 has no AS. IPv6: 2001:db8::/48 is AA, 2001:db8:1::/48 BB; AS 64500 holds
 * 2001:db8::/47, and 2001:db8:2::/48 is in neither file.
 */
public final class LabGeo {
    private LabGeo() {
    }

    public static GeoTable make(Path dir) throws Exception {
        Path geoip = dir.resolve("lab-geoip");
        Files.writeString(geoip, "# Generated: lab\n"
                + u("192.0.2.0") + "," + u("192.0.2.127") + ",AA\n"
                + u("192.0.2.128") + "," + u("192.0.2.255") + ",BB\n"
                + u("198.51.100.0") + "," + u("198.51.100.255") + ",AA\n");
        Path asn = dir.resolve("lab-asn.csv");
        Files.writeString(asn, "192.0.2.0,192.0.2.63,64500,Lab One\n192.0.2.64,192.0.2.255,64501,\"Lab Two, Inc.\"\n");
        Path geoip6 = dir.resolve("lab-geoip6");
        Files.writeString(geoip6, "2001:db8::,2001:db8:0:ffff:ffff:ffff:ffff:ffff,AA\n"
                + "2001:db8:1::,2001:db8:1:ffff:ffff:ffff:ffff:ffff,BB\n");
        Path asn6 = dir.resolve("lab-asn6.csv");
        Files.writeString(asn6, "2001:db8::,2001:db8:1:ffff:ffff:ffff:ffff:ffff,64500,Lab One\n");
        return GeoSources.build(java.util.List.of(geoip, asn, geoip6, asn6));
    }

    private static long u(String address) {
        return Ipv4.parse(address);
    }
}
