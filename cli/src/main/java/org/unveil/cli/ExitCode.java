package org.unveil.cli;

/** The exit codes of every `unveil` command, documented in the README and `unveil --help`. */
public final class ExitCode {
    /** Everything was read. */
    public static final int OK = 0;
    /** Output was produced, but some input was damaged and skipped (reported on stderr). */
    public static final int DAMAGED_INPUT = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** Nothing useful could be read: missing file, not a capture. */
    public static final int NO_INPUT = 3;
    /** An output could not be written (disk full, folder removed): the old file, if any, is left as it was. */
    public static final int OUTPUT = 4;
    /** The scanner `scan run` drives (zmap) could not be run or failed; what it said is on stderr. */
    public static final int SCANNER = 5;
    /** A fault in Unveil itself, or out of memory; please report it. */
    public static final int INTERNAL = 70;

    static final String HELP = "Exit codes: 0 ok; 1 some input damaged and skipped (see stderr); 2 usage error;"
            + " 3 input unreadable; 4 output could not be written; 5 the scanner (zmap) failed; 70 internal error or"
            + " out of memory.";

    private ExitCode() {
    }

    /** The code for a run that opened {@code opened} inputs and met {@code problems} problems. */
    static int of(int opened, long problems) {
        if (opened == 0) {
            return NO_INPUT;
        }
        return problems > 0 ? DAMAGED_INPUT : OK;
    }
}
