package org.unveil.stream.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.unveil.scan.geo.GeoFile;
import org.unveil.scan.geo.GeoTable;
import org.unveil.stream.ScanResult;

/** Adds country and AS from the same geo table as `unveil scan`, loaded once per task (it is not serialisable). */
final class Enrich extends RichMapFunction<ScanResult, EnrichedResult> {
    private final String geoFile;
    private transient GeoTable geo;
    private transient String[] countries;

    /** {@code geoFile} null: the table shipped in the scan module. */
    Enrich(String geoFile) {
        this.geoFile = geoFile;
    }

    @Override
    public void open(OpenContext context) throws IOException {
        geo = geoFile == null ? GeoFile.shipped() : GeoFile.load(Path.of(geoFile));
        countries = geo.countryCodes();
    }

    /** The geo table's version, recorded with each scan. */
    static String version(String geoFile) {
        try {
            return (geoFile == null ? GeoFile.shipped() : GeoFile.load(Path.of(geoFile))).version();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public EnrichedResult map(ScanResult r) {
        int c = geo.countryIndex(r.address());
        int asn = geo.asn(r.address());
        return new EnrichedResult(r, c < 0 ? null : countries[c], asn == -1 ? -1 : asn & 0xffffffffL);
    }
}
