package org.unveil.capture.decode;

import java.nio.charset.StandardCharsets;

/** The HTTP header fields Unveil reads from a message head; everything else is skipped. */
public enum HttpHeader {
    HOST("Host"),
    USER_AGENT("User-Agent"),
    X_FORWARDED_FOR("X-Forwarded-For"),
    FORWARDED("Forwarded"),
    VIA("Via"),
    SERVER("Server"),
    SET_COOKIE("Set-Cookie"),
    COOKIE("Cookie"),
    DATE("Date");

    private final String fieldName;
    final byte[] lowerCase;

    HttpHeader(String fieldName) {
        this.fieldName = fieldName;
        this.lowerCase = fieldName.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    public String fieldName() {
        return fieldName;
    }
}
