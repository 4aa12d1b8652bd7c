package dev.panoptes.metrics.promql.parser;

import java.util.List;

/**
 * The lexed tokens of one query with a read position, and the errors that point into the query.
 * Shared by the expression parser and the duration expression parser. Not thread-safe.
 */
final class TokenStream {

    private final String query;
    private final List<Token> tokens;
    private int index;

    TokenStream(String query) {
        this.query = query;
        this.tokens = Lexer.tokenize(query);
    }

    /** The next token; a lexical error is thrown when the parser reaches it, as Prometheus reports it. */
    Token peek() {
        Token t = tokens.get(index);
        if (t.is(TokenType.ERROR)) {
            throw error(t, t.text());
        }
        return t;
    }

    /** A token further ahead, for lookahead only: an error token is returned, not thrown. */
    Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    Token advance() {
        Token t = peek();
        if (!t.is(TokenType.EOF)) {
            index++;
        }
        return t;
    }

    Token expect(TokenType type, String context) {
        Token t = peek();
        if (!t.is(type)) {
            throw unexpected(t, context == null ? "expected " + type.description() : context);
        }
        return advance();
    }

    ParseException error(Token at, String detail) {
        return new ParseException(query, at.start(), detail);
    }

    ParseException error(int position, String detail) {
        return new ParseException(query, position, detail);
    }

    /** "unexpected {token}, {expected}", the shape of Prometheus' syntax errors. */
    ParseException unexpected(Token t, String expected) {
        String detail = "unexpected " + t.describe();
        if (expected != null) {
            detail += ", " + expected;
        }
        return error(t, detail);
    }

    /** "unexpected {token} in {context}, expected {expected}". */
    ParseException unexpected(Token t, String context, String expected) {
        return error(t, "unexpected " + t.describe() + " in " + context + ", expected " + expected);
    }
}
