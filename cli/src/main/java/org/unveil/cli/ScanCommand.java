package org.unveil.cli;

import picocli.CommandLine.Command;

/** `unveil scan`: Internet scan results, ingested or run, enriched, stored and reported. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Internet scans: zmap and masscan results ingested or zmap run (lab ranges only in this version),",
            "each address enriched with its country and AS, kept in a DuckDB store, and reported."},
        footer = {"", "Geo data: IPFire Location (CC BY-SA 4.0) via Debian tor-geoipdb; @ip-location-db/asn (CC BY 4.0).",
            "", ExitCode.HELP})
final class ScanCommand extends CommandGroup {
}
