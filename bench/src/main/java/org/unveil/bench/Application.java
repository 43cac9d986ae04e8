package org.unveil.bench;

/** What a TCP conversation carries: a sequence of messages, each sent by the client or by the server. */
interface Application {
    /**
     * Moves to the next message.
     *
     * @param elapsedNanos time since the capture began (an HTTP Date header follows it)
     * @return false when the conversation has nothing more to say
     */
    boolean next(long elapsedNanos);

    boolean fromClient();

    /** Length of the current message in bytes (at least 1). */
    int length();

    /** Copies bytes {@code [offset, offset + length)} of the current message to {@code buffer} at {@code at}. */
    void fill(byte[] buffer, int at, int offset, int length);
}
