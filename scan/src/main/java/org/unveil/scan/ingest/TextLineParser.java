package org.unveil.scan.ingest;

/**
 * A format read as text: each line decoded from UTF-8 first. The JSON and masscan formats, whose lines carry nested
 * values; zmap's csv, the format of large scans, is read from the bytes.
 */
abstract class TextLineParser implements LineParser {
    @Override
    public final void parse(byte[] line, int from, int to, ResponseSink sink) throws BadLine {
        parse(Fields.text(line, from, to), sink);
    }

    /** Reads one decoded line. */
    abstract void parse(String line, ResponseSink sink) throws BadLine;
}
