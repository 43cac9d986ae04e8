package org.unveil.probe;

/** Which HTTP the probe speaks; the labels are the --http option's values. */
public enum HttpVersion {
    /** HTTP/1.1 over plain TCP; over TLS whichever of h2 and HTTP/1.1 the server picks by ALPN. */
    AUTO("auto"),
    /** HTTP/1.1 only. */
    HTTP_1_1("1.1"),
    /** HTTP/2 only: by prior knowledge (h2c) over plain TCP, by ALPN over TLS. */
    HTTP_2("2");

    private final String label;

    HttpVersion(String label) {
        this.label = label;
    }

    /** The option's value. */
    public String label() {
        return label;
    }
}
