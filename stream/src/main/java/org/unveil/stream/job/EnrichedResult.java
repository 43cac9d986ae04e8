package org.unveil.stream.job;

import org.unveil.stream.ScanResult;

/** A response with what the geo table says of its address: country code (null: unknown) and AS (-1: none). */
public record EnrichedResult(ScanResult result, String country, long asn) {
}
