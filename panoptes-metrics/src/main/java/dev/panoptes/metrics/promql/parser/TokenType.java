package dev.panoptes.metrics.promql.parser;

/** The kinds of token the PromQL lexer produces. */
enum TokenType {
    IDENTIFIER("identifier"),
    NUMBER("number"),
    DURATION("duration"),
    STRING("string"),
    LEFT_BRACE("\"{\""),
    RIGHT_BRACE("\"}\""),
    LEFT_PAREN("\"(\""),
    RIGHT_PAREN("\")\""),
    LEFT_BRACKET("\"[\""),
    RIGHT_BRACKET("\"]\""),
    COMMA("\",\""),
    COLON("\":\""),
    ASSIGN("\"=\""),
    EQUAL_REGEX("\"=~\""),
    NOT_EQUAL_REGEX("\"!~\""),
    AT("\"@\""),
    /** A binary operator symbol ({@code + - * / % ^ == != < <= > >= </ >/}); the text says which. */
    OPERATOR("operator"),
    /** A lexical error; its text is the message. It ends the stream. */
    ERROR("error"),
    EOF("end of input");

    private final String description;

    TokenType(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
