package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.unveil.scan.geo.GeoFile;
import org.unveil.scan.geo.GeoSources;
import org.unveil.scan.geo.GeoTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `unveil scan geo`: the country and AS table. */
@Command(name = "geo", mixinStandardHelpOptions = true, description = "The country and AS table scans are enriched with.")
final class ScanGeoCommand extends CommandGroup {
    /** `scan geo update FILE…`: Tor's geoip and geoip6, @ip-location-db/asn's IPv4 and IPv6 csv. */
    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Rebuild the table from newer copies of its sources, each told by its content: Tor's"
                    + " geoip and geoip6 files (Debian tor-geoipdb: /usr/share/tor/geoip, /usr/share/tor/geoip6) and"
                    + " asn-ipv4(-num).csv and asn-ipv6(-num).csv of the npm package @ip-location-db/asn (npm pack"
                    + " @ip-location-db/asn). A country file is needed; what is not given is left empty (no IPv6"
                    + " file: IPv6 addresses get no country or AS)."},
            footer = {"", "Example:", "  unveil scan geo update /usr/share/tor/geoip /usr/share/tor/geoip6 \\",
                "      package/asn-ipv4-num.csv package/asn-ipv6-num.csv", "",
                "Attribution: " + GeoTable.ATTRIBUTION, "", ExitCode.HELP})
    static final class Update implements Callable<Integer> {
        @Parameters(arity = "1..4", paramLabel = "FILE",
                description = "geoip, geoip6, asn-ipv4 csv, asn-ipv6 csv, in any order (at most one of each).")
        java.util.List<String> files;

        @Option(names = "--out", paramLabel = "F",
                description = "Where to write the table (default: the user's data folder, used from then on).")
        String out;

        private final OutputStream stdout;
        private final PrintStream stderr;

        Update(OutputStream stdout, PrintStream stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public Integer call() throws IOException {
            java.util.List<Path> paths = new java.util.ArrayList<>();
            boolean country = false;
            for (String f : files) {
                Path p = Path.of(f);
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    stderr.println("unveil: " + f + ": no such file");
                    return ExitCode.NO_INPUT;
                }
                paths.add(p);
            }
            GeoTable table;
            try {
                java.util.Map<GeoSources.Kind, String> seen = new java.util.EnumMap<>(GeoSources.Kind.class);
                for (int i = 0; i < paths.size(); i++) {
                    GeoSources.Kind k = GeoSources.kind(paths.get(i));
                    if (k != null && seen.containsKey(k)) {
                        stderr.println("unveil: scan geo update: " + seen.get(k) + " and " + files.get(i)
                                + " hold the same kind of data (" + GeoSources.describe(k) + "): give one of each");
                        return ExitCode.USAGE;
                    }
                    if (k != null) {
                        seen.put(k, files.get(i));
                    }
                    country |= k == GeoSources.Kind.COUNTRY_IPV4 || k == GeoSources.Kind.COUNTRY_IPV6;
                }
                if (!country) {
                    stderr.println("unveil: scan geo update: no country file among " + String.join(", ", files)
                            + " (give Tor's geoip and/or geoip6)");
                    return ExitCode.USAGE;
                }
                table = GeoSources.build(paths);
            } catch (GeoSources.BadSource e) {
                stderr.println("unveil: " + e.getMessage());
                return ExitCode.NO_INPUT;
            }
            Path target = out != null ? Path.of(out) : ScanPaths.updatedGeo();
            try {
                GeoFile.save(table, target);
            } catch (IOException e) {
                stderr.println("unveil: " + target + ": cannot be written (" + e.getMessage() + ")");
                return ExitCode.OUTPUT;
            }
            stdout.write(("geo table " + table.version() + " written to " + target + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            stdout.flush();
            return ExitCode.OK;
        }
    }
}
