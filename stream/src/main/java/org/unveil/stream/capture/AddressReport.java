package org.unveil.stream.capture;

/**
 * One address's hosts as `unveil hosts` writes them, rendered where they were inferred: the estimated count and
 * its range, the JSON item (compact;
 * the command indents it as its report does), the text block, the flows CSV rows, and the lines saying where
 * inference was approximate.
 */
public record AddressReport(AddressKey address, int hostCount, int hostCountLow, int hostCountHigh, String json,
        String text, String flows, String[] approximations) {
}
