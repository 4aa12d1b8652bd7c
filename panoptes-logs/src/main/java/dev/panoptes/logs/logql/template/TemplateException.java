package dev.panoptes.logs.logql.template;

/**
 * A template that does not parse, or one that failed on an entry; the message is worded as Go's
 * {@code text/template} words it ({@code template: line:1: ...}).
 */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message, null, false, false);
    }
}
