package dev.panoptes.logs.logql;

import dev.panoptes.logs.logql.LogQLLexer.Kind;
import dev.panoptes.logs.logql.LogQLLexer.Token;
import java.util.List;

/**
 * The parser's position in a query's tokens, with the helpers that turn a wrong token into a
 * Loki-shaped error, and the limits that keep a hostile query from exhausting the stack: at most
 * {@link #MAX_NESTING} levels of parentheses and calls, at most {@link #MAX_BINARY_OPERATIONS}
 * binary operations (each adds a level to the tree that printing and comparing walk).
 *
 * <p>Not thread-safe; one per parse.
 */
final class TokenCursor {

    static final int MAX_NESTING = 100;
    static final int MAX_BINARY_OPERATIONS = 500;

    private final List<Token> tokens;
    private int pos;
    private int nesting;
    private int binaryOperations;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(pos);
    }

    /** The token {@code ahead} places after the current one (the end-of-input token past the end). */
    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    boolean at(Kind kind) {
        return peek().kind() == kind;
    }

    /** Whether the current token is the word {@code word}, in any case. */
    boolean atWord(String word) {
        return peek().is(word);
    }

    Token expect(Kind kind, String expected) throws LogQLParseException {
        if (!at(kind)) {
            throw syntax(peek(), expected);
        }
        return next();
    }

    /** Enters a nested construct (parentheses, a call, a right operand); pair with {@link #leave}. */
    void enter(Token at) throws LogQLParseException {
        if (++nesting > MAX_NESTING) {
            throw error(at, "query is nested too deeply (more than " + MAX_NESTING + " levels)");
        }
    }

    void leave() {
        nesting--;
    }

    void countBinaryOperation(Token at) throws LogQLParseException {
        if (++binaryOperations > MAX_BINARY_OPERATIONS) {
            throw error(at, "query has too many binary operations (more than " + MAX_BINARY_OPERATIONS + ")");
        }
    }

    static LogQLParseException syntax(Token found, String expected) {
        return error(found, "syntax error: unexpected " + found.describe() + ", expecting " + expected);
    }

    static LogQLParseException error(Token at, String detail) {
        return new LogQLParseException(at.line(), at.column(), detail);
    }

    static boolean isComparison(Kind kind) {
        return switch (kind) {
            case EQ, NEQ, RE, NRE, CMP_EQ, GT, GTE, LT, LTE -> true;
            default -> false;
        };
    }
}
