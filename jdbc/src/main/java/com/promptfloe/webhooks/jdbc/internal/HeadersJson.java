package com.promptfloe.webhooks.jdbc.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A journal record's headers as one small JSON object of strings, names sorted: readable in the
 * table, and what PostgreSQL's {@code headers::jsonb} or MariaDB's JSON functions take. Only this
 * shape is read back: an object whose values are strings.
 */
public final class HeadersJson {

    private HeadersJson() {
    }

    /**
     * Writes headers as a JSON object.
     *
     * @param headers the headers
     * @return for example <code>{"User-Agent":"PromptFloe/1"}</code>
     */
    public static String encode(Map<String, String> headers) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> header : new TreeMap<>(headers).entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, header.getKey()).append(':');
            string(json, header.getValue());
        }
        return json.append('}').toString();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @param json the object, or {@code null} for none
     * @return the headers, in the order written
     * @throws IllegalArgumentException when the text is not such an object
     */
    public static Map<String, String> decode(String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (json == null) {
            return headers;
        }
        Reader reader = new Reader(json.strip());
        reader.expect('{');
        if (!reader.next('}')) {
            do {
                String name = reader.string();
                reader.expect(':');
                headers.put(name, reader.string());
            } while (reader.next(','));
            reader.expect('}');
        }
        reader.end();
        return headers;
    }

    private static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    /** Reads the one shape {@link #encode} writes. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        void expect(char wanted) {
            if (!next(wanted)) {
                throw bad("'" + wanted + "' expected");
            }
        }

        boolean next(char wanted) {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at < text.length() && text.charAt(at) == wanted) {
                at++;
                return true;
            }
            return false;
        }

        void end() {
            if (at != text.length()) {
                throw bad("text after the object");
            }
        }

        String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    break;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw bad("a short \\u escape");
                        }
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> value.append(escaped); // \" \\ \/
                }
            }
            throw bad("an unterminated string");
        }

        private IllegalArgumentException bad(String why) {
            return new IllegalArgumentException("not a headers object (" + why + " at " + at + "): " + text);
        }
    }
}
