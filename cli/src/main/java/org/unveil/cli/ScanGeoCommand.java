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
    /** `scan geo update GEOIP ASN.csv`. */
    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Rebuild the table from newer copies of its sources: Tor's geoip file (Debian"
                    + " tor-geoipdb: /usr/share/tor/geoip) and asn-ipv4-num.csv or asn-ipv4.csv of the npm package"
                    + " @ip-location-db/asn (npm pack @ip-location-db/asn)."},
            footer = {"", "Example:", "  unveil scan geo update /usr/share/tor/geoip package/asn-ipv4-num.csv", "",
                "Attribution: " + GeoTable.ATTRIBUTION, "", ExitCode.HELP})
    static final class Update implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "GEOIP", description = "Tor's IPv4 geoip file.")
        String geoip;

        @Parameters(index = "1", paramLabel = "ASN.csv", description = "@ip-location-db/asn's IPv4 csv.")
        String asn;

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
            for (String f : new String[] {geoip, asn}) {
                if (!Files.isReadable(Path.of(f))) {
                    stderr.println("unveil: " + f + ": no such file");
                    return ExitCode.NO_INPUT;
                }
            }
            GeoTable table;
            try {
                table = GeoSources.build(Path.of(geoip), Path.of(asn));
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
