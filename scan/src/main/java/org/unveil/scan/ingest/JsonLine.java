package org.unveil.scan.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for one line holding one value: objects become maps, arrays lists, numbers longs or doubles
 * (as their text when they fit neither), strings strings. Enough for zmap's and masscan's lines, no library in the core.
 */
final class JsonLine {
    private final String text;
    private int at;

    private JsonLine(String text, int from) {
        this.text = text;
        this.at = from;
    }

    /** The object that {@code text} holds from {@code from}; trailing text after it is refused unless a comma. */
    static Map<String, Object> object(String text, int from) throws BadLine {
        JsonLine json = new JsonLine(text, from);
        json.space();
        if (json.peek() != '{') {
            throw new BadLine("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) json.value();
        json.space();
        if (json.at < text.length() && text.charAt(json.at) == ',') {
            json.at++;
            json.space();
        }
        if (json.at != text.length()) {
            throw new BadLine("text after the JSON object at column " + (json.at + 1));
        }
        return value;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private BadLine broken(String what) {
        return new BadLine("broken JSON at column " + (at + 1) + ": " + what);
    }

    private Object value() throws BadLine {
        space();
        char c = peek();
        switch (c) {
            case '{' -> {
                return object();
            }
            case '[' -> {
                return array();
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                return word("true", Boolean.TRUE);
            }
            case 'f' -> {
                return word("false", Boolean.FALSE);
            }
            case 'n' -> {
                return word("null", null);
            }
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw broken(at < text.length() ? "unexpected '" + c + "'" : "it ends early");
            }
        }
    }

    private Map<String, Object> object() throws BadLine {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        space();
        if (peek() == '}') {
            at++;
            return map;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw broken("a field name should start here");
            }
            String key = string();
            space();
            if (peek() != ':') {
                throw broken("':' expected");
            }
            at++;
            map.put(key, value());
            space();
            char c = peek();
            at++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                at--;
                throw broken("',' or '}' expected");
            }
        }
    }

    private List<Object> array() throws BadLine {
        List<Object> list = new ArrayList<>();
        at++;
        space();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            list.add(value());
            space();
            char c = peek();
            at++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                at--;
                throw broken("',' or ']' expected");
            }
        }
    }

    private String string() throws BadLine {
        StringBuilder sb = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw broken("a \\u escape ends early");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text, at, at + 4, 16));
                    } catch (NumberFormatException x) {
                        throw broken("a bad \\u escape");
                    }
                    at += 4;
                }
                default -> sb.append(e);
            }
        }
        throw broken("a string is not closed");
    }

    private Object word(String word, Object value) throws BadLine {
        if (!text.startsWith(word, at)) {
            throw broken("unexpected '" + peek() + "'");
        }
        at += word.length();
        return value;
    }

    private Object number() {
        int from = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String n = text.substring(from, at);
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(n);
            } catch (NumberFormatException e2) {
                return n;
            }
        }
    }
}
