package dev.panoptes.logs.logql.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses Go {@code text/template} syntax: text, {@code {{ }}} actions with {@code -} trim
 * markers and comments, pipelines, fields, variables, string/raw-string/number/char/boolean
 * constants, {@code if}/{@code else if}/{@code else}, {@code with}, {@code range} (with
 * {@code break}/{@code continue}) and {@code end}. Errors read as Go's
 * {@code template: NAME:LINE: ...}. Single-use.
 */
final class TemplateParser {

    private final String name;
    private final String src;
    private int pos;
    private int actionStart;

    TemplateParser(String name, String src) {
        this.name = name;
        this.src = src;
    }

    List<TemplateNode> parse() {
        List<TemplateNode> nodes = new ArrayList<>();
        String end = list(nodes, false);
        if (end != null) {
            throw error("unexpected {{" + end + "}}");
        }
        return nodes;
    }

    /** Reads nodes up to {@code {{end}}} or {@code {{else}}} (returns which) or the end of input (null). */
    private String list(List<TemplateNode> out, boolean inRange) {
        while (pos < src.length()) {
            int open = src.indexOf("{{", pos);
            String text = open < 0 ? src.substring(pos) : src.substring(pos, open);
            if (open >= 0 && open + 2 < src.length() && src.charAt(open + 2) == '-' && open + 3 < src.length()
                    && isSpace(src.charAt(open + 3))) {
                text = stripTrailing(text);
            }
            if (!text.isEmpty()) {
                out.add(new TemplateNode.Text(text));
            }
            if (open < 0) {
                pos = src.length();
                return null;
            }
            actionStart = open;
            pos = open + 2;
            if (pos < src.length() && src.charAt(pos) == '-' && pos + 1 < src.length() && isSpace(src.charAt(pos + 1))) {
                pos++;
            }
            skipSpace();
            if (src.startsWith("/*", pos)) {
                int close = src.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw error("unclosed comment");
                }
                pos = close + 2;
                closeAction();
                continue;
            }
            String word = peekWord();
            switch (word) {
                case "end" -> {
                    pos += 3;
                    closeAction();
                    return "end";
                }
                case "else" -> {
                    pos += 4;
                    skipSpace();
                    return "else";
                }
                case "if", "with", "range" -> {
                    pos += word.length();
                    out.add(branch(TemplateNode.Branch.Kind.valueOf(word.toUpperCase(java.util.Locale.ROOT))));
                }
                case "break", "continue" -> {
                    if (!inRange) {
                        throw error("{{" + word + "}} outside {{range}}");
                    }
                    pos += word.length();
                    closeAction();
                    out.add(new TemplateNode.LoopControl(word.equals("break")));
                }
                case "define", "template", "block" -> throw error("{{" + word + "}} is not supported in log templates");
                default -> {
                    int column = actionStart + 1;
                    TemplateNode.Pipeline p = pipeline(true);
                    closeAction();
                    out.add(new TemplateNode.Action(p, column));
                }
            }
        }
        return null;
    }

    private boolean inRange;

    private TemplateNode.Branch branch(TemplateNode.Branch.Kind kind) {
        TemplateNode.Pipeline p = pipeline(true);
        closeAction();
        boolean outer = inRange;
        inRange = outer || kind == TemplateNode.Branch.Kind.RANGE;
        List<TemplateNode> body = new ArrayList<>();
        String end = list(body, inRange);
        List<TemplateNode> orElse = List.of();
        if ("else".equals(end)) {
            List<TemplateNode> rest = new ArrayList<>();
            String word = peekWord();
            if (word.equals("if") || word.equals("with")) {
                // {{else if x}} nests a branch that shares this one's {{end}}.
                pos += word.length();
                inRange = outer;
                rest.add(branch(TemplateNode.Branch.Kind.valueOf(word.toUpperCase(java.util.Locale.ROOT))));
                orElse = rest;
                inRange = outer;
                return new TemplateNode.Branch(kind, p, body, orElse);
            }
            closeAction();
            inRange = outer;
            end = list(rest, outer);
            orElse = rest;
        }
        inRange = outer;
        if (!"end".equals(end)) {
            throw error("unexpected EOF");
        }
        return new TemplateNode.Branch(kind, p, body, orElse);
    }

    private TemplateNode.Pipeline pipeline(boolean allowDeclare) {
        skipSpace();
        int start = pos;
        List<String> declared = new ArrayList<>();
        boolean assign = false;
        if (allowDeclare) {
            int save = pos;
            List<String> vars = new ArrayList<>();
            while (pos < src.length() && src.charAt(pos) == '$') {
                vars.add(variableName());
                skipSpace();
                if (pos < src.length() && src.charAt(pos) == ',' && vars.size() == 1) {
                    pos++;
                    skipSpace();
                    continue;
                }
                break;
            }
            if (!vars.isEmpty() && src.startsWith(":=", pos)) {
                pos += 2;
                declared = vars;
            } else if (vars.size() == 1 && pos < src.length() && src.charAt(pos) == '=' && !src.startsWith("==", pos)) {
                pos += 1;
                declared = vars;
                assign = true;
            } else {
                pos = save;
            }
            skipSpace();
        }
        List<TemplateNode.Command> commands = new ArrayList<>();
        while (true) {
            commands.add(command());
            skipSpace();
            if (pos < src.length() && src.charAt(pos) == '|') {
                pos++;
                skipSpace();
                continue;
            }
            break;
        }
        return new TemplateNode.Pipeline(declared, assign, commands, src.substring(start, pos).strip());
    }

    private TemplateNode.Command command() {
        List<TemplateNode.Operand> operands = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                throw error("unclosed action");
            }
            char c = src.charAt(pos);
            if (c == '|' || c == ')' || atClose()) {
                break;
            }
            operands.add(operand());
        }
        if (operands.isEmpty()) {
            throw error("missing value for command");
        }
        return new TemplateNode.Command(operands);
    }

    private TemplateNode.Operand operand() {
        char c = src.charAt(pos);
        if (c == '.') {
            if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                return new TemplateNode.Constant(number());
            }
            return new TemplateNode.Field(path());
        }
        if (c == '$') {
            String var = variableName();
            return new TemplateNode.Variable(var, path());
        }
        if (c == '"') {
            return new TemplateNode.Constant(quoted());
        }
        if (c == '`') {
            int close = src.indexOf('`', pos + 1);
            if (close < 0) {
                throw error("unterminated raw quoted string");
            }
            String s = src.substring(pos + 1, close);
            pos = close + 1;
            return new TemplateNode.Constant(s);
        }
        if (c == '\'') {
            int close = src.indexOf('\'', pos + 1);
            if (close < 0) {
                throw error("unterminated character constant");
            }
            String body = unescape(src.substring(pos + 1, close));
            pos = close + 1;
            return new TemplateNode.Constant((long) body.codePointAt(0));
        }
        if (c == '(') {
            pos++;
            skipSpace();
            TemplateNode.Pipeline p = pipeline(false);
            skipSpace();
            if (pos >= src.length() || src.charAt(pos) != ')') {
                throw error("unclosed left paren");
            }
            pos++;
            return new TemplateNode.Parenthesized(p, path());
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            return new TemplateNode.Constant(number());
        }
        if (Character.isLetter(c) || c == '_') {
            String word = peekWord();
            pos += word.length();
            return switch (word) {
                case "true" -> new TemplateNode.Constant(Boolean.TRUE);
                case "false" -> new TemplateNode.Constant(Boolean.FALSE);
                case "nil" -> new TemplateNode.Constant(null);
                default -> new TemplateNode.Identifier(word);
            };
        }
        throw error("unexpected \"" + c + "\" in operand");
    }

    private List<String> path() {
        List<String> out = new ArrayList<>();
        while (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            String word = peekWord();
            if (word.isEmpty()) {
                if (out.isEmpty()) {
                    return out;
                }
                throw error("unexpected . after term");
            }
            out.add(word);
            pos += word.length();
        }
        return out;
    }

    private String variableName() {
        int start = pos++;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        return src.substring(start, pos);
    }

    private Object number() {
        int start = pos;
        while (pos < src.length() && "+-0123456789abcdefABCDEFxXoO._pPiI".indexOf(src.charAt(pos)) >= 0) {
            if ((src.charAt(pos) == '+' || src.charAt(pos) == '-') && pos > start
                    && "eEpP".indexOf(src.charAt(pos - 1)) < 0) {
                break;
            }
            pos++;
        }
        String text = src.substring(start, pos).replace("_", "");
        try {
            String digits = text.startsWith("+") ? text.substring(1) : text;
            boolean negative = digits.startsWith("-");
            String unsigned = negative ? digits.substring(1) : digits;
            if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
                long v = Long.parseLong(unsigned.substring(2), 16);
                return negative ? -v : v;
            }
            if (unsigned.startsWith("0o") || unsigned.startsWith("0O") || (unsigned.length() > 1 && unsigned.startsWith("0")
                    && unsigned.chars().allMatch(Character::isDigit))) {
                long v = Long.parseLong(unsigned.substring(unsigned.charAt(1) == 'o' || unsigned.charAt(1) == 'O' ? 2 : 1), 8);
                return negative ? -v : v;
            }
            if (unsigned.matches("[0-9]+")) {
                return Long.parseLong(digits);
            }
            if (unsigned.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                return Double.parseDouble(digits);
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw error("bad number syntax: \"" + text + "\"");
    }

    private String quoted() {
        int i = pos + 1;
        StringBuilder raw = new StringBuilder();
        while (i < src.length() && src.charAt(i) != '"') {
            if (src.charAt(i) == '\\' && i + 1 < src.length()) {
                raw.append(src.charAt(i)).append(src.charAt(i + 1));
                i += 2;
                continue;
            }
            if (src.charAt(i) == '\n') {
                break;
            }
            raw.append(src.charAt(i++));
        }
        if (i >= src.length() || src.charAt(i) != '"') {
            throw error("unterminated quoted string");
        }
        pos = i + 1;
        return unescape(raw.toString());
    }

    private String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '\\', '"', '\'' -> out.append(e);
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len >= s.length()) {
                        throw error("invalid syntax in quoted string");
                    }
                    try {
                        out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + len), 16));
                    } catch (RuntimeException ex) {
                        throw error("invalid syntax in quoted string");
                    }
                    i += len;
                }
                default -> throw error("invalid syntax in quoted string");
            }
        }
        return out.toString();
    }

    private boolean atClose() {
        if (src.startsWith("}}", pos)) {
            return true;
        }
        return src.startsWith("-}}", pos) && pos > 0 && isSpace(src.charAt(pos - 1));
    }

    private void closeAction() {
        skipSpace();
        if (src.startsWith("}}", pos)) {
            pos += 2;
            return;
        }
        if (src.startsWith("-}}", pos) && isSpace(src.charAt(pos - 1))) {
            pos += 3;
            while (pos < src.length() && isSpace(src.charAt(pos))) {
                pos++;
            }
            return;
        }
        if (pos >= src.length()) {
            throw error("unclosed action");
        }
        throw error("unexpected \"" + src.charAt(pos) + "\" in command");
    }

    private String peekWord() {
        int i = pos;
        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        return src.substring(pos, i);
    }

    private void skipSpace() {
        while (pos < src.length() && isSpace(src.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private TemplateException error(String message) {
        int line = 1;
        for (int i = 0; i < Math.min(actionStart, src.length()); i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
        return new TemplateException("template: " + name + ":" + line + ": " + message);
    }
}
