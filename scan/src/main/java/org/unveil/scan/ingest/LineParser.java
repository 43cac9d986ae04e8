package org.unveil.scan.ingest;

/** Turns the lines of one format into responses; one instance per file (zmap's csv remembers its header). */
interface LineParser {
    /** Reads one line, {@code line[from, to)} (never blank), giving the sink zero or more responses. */
    void parse(byte[] line, int from, int to, ResponseSink sink) throws BadLine;

    /** A new parser for {@code format}. */
    static LineParser of(Format format) {
        return switch (format) {
            case ZMAP_CSV -> new ZmapCsvParser();
            case ZMAP_JSON -> new ZmapJsonParser();
            case MASSCAN_JSON -> new MasscanJsonParser();
            case MASSCAN_LIST -> new MasscanListParser();
        };
    }
}
