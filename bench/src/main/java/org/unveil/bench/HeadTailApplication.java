package org.unveil.bench;

/**
 * An application whose every message is a head built in a scratch array (HTTP head, TLS handshake) and a
 * tail produced on demand (a body, encrypted records), so a megabyte response costs no megabyte of memory.
 */
abstract class HeadTailApplication implements Application {
    protected final byte[] head = new byte[4096];
    protected int headLength;
    protected int tailLength;
    protected boolean fromClient;

    @Override
    public boolean fromClient() {
        return fromClient;
    }

    @Override
    public int length() {
        return headLength + tailLength;
    }

    @Override
    public void fill(byte[] buffer, int at, int offset, int length) {
        if (offset < headLength) {
            int n = Math.min(length, headLength - offset);
            System.arraycopy(head, offset, buffer, at, n);
            at += n;
            offset += n;
            length -= n;
        }
        if (length > 0) {
            fillTail(buffer, at, offset - headLength, length);
        }
    }

    /** Copies bytes {@code [offset, offset + length)} of the current message's tail. */
    protected abstract void fillTail(byte[] buffer, int at, int offset, int length);
}
