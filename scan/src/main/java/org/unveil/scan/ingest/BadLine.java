package org.unveil.scan.ingest;

/** A line that could not be read, with what was wrong in plain words. */
public final class BadLine extends Exception {
    BadLine(String what) {
        // no stack trace: a bad line is the input's fault, reported as one line, and a file may have millions
        super(what, null, false, false);
    }
}
