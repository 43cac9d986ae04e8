package org.unveil.scan.serve;

/** One scan in the dashboard's list (`/api/scans`): keys are a contract, documented in scan/README.md. */
public record ScanEntry(String name, String probe, Integer port, String started, Long sent, String scanner,
        String source, String format, long responders) {
}
