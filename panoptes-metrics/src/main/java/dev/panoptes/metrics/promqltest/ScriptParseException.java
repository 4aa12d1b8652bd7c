package dev.panoptes.metrics.promqltest;

/** A test script that does not follow the script language; {@code line} is 1-based. */
public final class ScriptParseException extends Exception {

    private final int line;

    ScriptParseException(int line, String detail) {
        super("line " + line + ": " + detail, null, false, false);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
