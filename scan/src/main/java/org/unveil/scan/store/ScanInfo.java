package org.unveil.scan.store;

import java.time.Instant;

/**
 * A scan as the store holds it. {@code port} is -1 for probes without one, {@code sent} -1 where unknown (an
 * ingested file), {@code metadata} the scanner's own JSON (zmap's --metadata-file) or null.
 */
public record ScanInfo(long id, String name, String probe, int port, String source, String format, Instant started,
        long sent, String scanner, String metadata, String geoVersion) {
}
