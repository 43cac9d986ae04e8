package org.unveil.scan.store;

/** The store could not be opened, read or written; the message is one plain line. */
public final class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
