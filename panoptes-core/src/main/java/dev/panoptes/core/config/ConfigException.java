package dev.panoptes.core.config;

/**
 * A configuration file that cannot be used, with where the problem is: the file, the line and
 * column (1-based, 0 when unknown) and the dotted path of the key, so that the message alone
 * lets a user fix the file. Thrown at start-up, never on the data path.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String keyPath;

    public ConfigException(String source, int line, int column, String keyPath, String problem) {
        super(describe(source, line, column, keyPath, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath;
    }

    private static String describe(String source, int line, int column, String keyPath, String problem) {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(":").append(line);
            if (column > 0) {
                out.append(":").append(column);
            }
        }
        out.append(": ");
        if (keyPath != null && !keyPath.isEmpty()) {
            out.append("key '").append(keyPath).append("': ");
        }
        return out.append(problem).toString();
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The dotted path of the offending key, such as {@code server.http_listen_port}; empty when unknown. */
    public String keyPath() {
        return keyPath;
    }
}
