package org.unveil.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.unveil.scan.geo.GeoFile;
import org.unveil.scan.geo.GeoTable;

/** Where `scan` keeps its store and a refreshed geo table: the user's data folder unless told. */
final class ScanPaths {
    private ScanPaths() {
    }

    /** $XDG_DATA_HOME/unveil, else ~/.local/share/unveil. */
    static Path dataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local",
                "share");
        return base.resolve("unveil");
    }

    static Path store(String option) {
        return option != null ? Path.of(option) : dataDir().resolve("scans.duckdb");
    }

    /** The geo table `scan geo update` writes by default. */
    static Path updatedGeo() {
        return dataDir().resolve("ip.geo");
    }

    /** Where versions before the IPv6 tables wrote it (IPv4 only), still used when no newer one is there. */
    static Path legacyGeo() {
        return dataDir().resolve("ipv4.geo");
    }

    /** The table named, else the refreshed one, else the one shipped. */
    static GeoTable geo(String option) throws IOException {
        if (option != null) {
            return GeoFile.load(Path.of(option));
        }
        for (Path updated : new Path[] {updatedGeo(), legacyGeo()}) {
            if (Files.isRegularFile(updated)) {
                return GeoFile.load(updated);
            }
        }
        return GeoFile.shipped();
    }
}
