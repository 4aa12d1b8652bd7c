package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.LabelMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogQLParserTest {

    @Test
    void parsesSelectorAndChainedLineFilters() throws Exception {
        LogQLExpr expr = LogQLParser.parse("{app=\"api\", env=~`prod|dev`,} |= \"error\" != 'debug' |~ \"time(out)?\" or \"refused\" !~ `^GET`");
        assertThat(expr).isEqualTo(new LogSelectorExpr(
                new StreamSelector(List.of(LabelMatcher.equal("app", "api"), LabelMatcher.regex("env", "prod|dev"))),
                List.of(new LineFilter(LineFilter.Op.CONTAINS, List.of("error")),
                        new LineFilter(LineFilter.Op.NOT_CONTAINS, List.of("debug")),
                        new LineFilter(LineFilter.Op.MATCHES, List.of("time(out)?", "refused")),
                        new LineFilter(LineFilter.Op.NOT_MATCHES, List.of("^GET")))));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '\'', value = {
        "{app=\"a\"} => {app=\"a\"}",
        "{ app != \"a\" , b=\"c\" }   |=   \"x\" => {app!=\"a\", b=\"c\"} |= \"x\"",
        "{a=\"1\"} # a comment\\n |~ \"\\\\d+\" => {a=\"1\"} |~ \"\\\\d+\"",
        "{a=\"1\"} |= \"a\" or \"b\" != \"c\" => {a=\"1\"} |= \"a\" or \"b\" != \"c\"",
    })
    void printsCanonicalLogQLThatParsesBackEqual(String query, String printed) throws Exception {
        LogQLExpr expr = LogQLParser.parse(query.replace("\\n", "\n"));
        assertThat(expr.toString()).isEqualTo(printed);
        assertThat(LogQLParser.parse(expr.toString())).isEqualTo(expr);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '\'', value = {
        "{app=x} => parse error at line 1, col 6: syntax error: unexpected IDENTIFIER x, expecting STRING",
        "{app} => parse error at line 1, col 5: syntax error: unexpected }, expecting = or != or =~ or !~",
        "{app=\"a\" env=\"b\"} => parse error at line 1, col 10: syntax error: unexpected IDENTIFIER env, expecting , or }",
        "app=\"a\" => parse error at line 1, col 1: metric queries (app) are not supported by this build yet; only log queries ({selector} with line filters)",
        "{app=\"a\"} |= error => parse error at line 1, col 14: syntax error: unexpected IDENTIFIER error, expecting STRING",
        "{app=\"a\"} |= \"x\" } => parse error at line 1, col 18: syntax error: unexpected }, expecting end of query",
        "{app=\"a\"} | json => parse error at line 1, col 11: the json stage is not supported by this build yet",
        "{app=\"a\"} |~ \"(\" => parse error at line 1, col 14: error parsing regexp: missing closing ): `(`",
        "{app=~\"(\"} => parse error at line 1, col 7: error parsing regexp: missing closing ): `(`",
        "{app=\"a} => parse error at line 1, col 6: syntax error: unterminated quoted string",
        "{app=\"a\" => parse error at line 1, col 9: syntax error: unexpected end of input, expecting , or }",
        "'' => parse error at line 1, col 1: syntax error: unexpected end of input, expecting {",
    })
    void reportsErrorsWithLineAndColumnAsLokiDoes(String query, String message) {
        assertThatThrownBy(() -> LogQLParser.parse(query)).isInstanceOf(LogQLParseException.class).hasMessage(message);
    }

    @Test
    void countsLinesAndColumnsAcrossNewlines() {
        assertThatThrownBy(() -> LogQLParser.parse("{app=\"a\"}\n  |= 42")).hasMessageStartingWith("parse error at line 2, col 6:");
    }

    @Test
    void refusesSelectorsThatMatchEveryStream() {
        assertThatThrownBy(() -> LogQLParser.parse("{app=~\".*\"}"))
                .hasMessageStartingWith("parse error : queries require at least one regexp or equality matcher");
        assertThatThrownBy(() -> LogQLParser.parse("{}")).hasMessageStartingWith("parse error : queries require");
    }
}
