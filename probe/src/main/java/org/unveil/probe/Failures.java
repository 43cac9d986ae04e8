package org.unveil.probe;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;

/** A failed request's reason in plain words, the same words for the same cause, so failures can be counted. */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Failed) {
                return t.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer within the timeout";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to the address";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof SSLException s) {
                return "TLS failed: " + plain(s.getMessage());
            }
            if (t instanceof SocketException s && s.getMessage() != null && s.getMessage().contains("reset")) {
                return "the server reset the connection";
            }
        }
        return e.getMessage() == null ? "the connection failed" : plain(e.getMessage());
    }

    /** The JDK's messages sometimes name their classes: keep only the words after the last one. */
    private static String plain(String message) {
        if (message == null) {
            return "no reason given";
        }
        int colon = message.lastIndexOf("Exception: ");
        return colon < 0 ? message : message.substring(colon + "Exception: ".length());
    }
}
