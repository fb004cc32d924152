package com.promptfloe.webhooks.jakarta.internal.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Builds the console's HTML: every text that is not a literal of this package goes through
 * {@link #text}, so a payload, a header or an exception message renders as text, never as markup.
 */
final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(4096);

    /**
     * Escapes text for an element's content or a quoted attribute value.
     *
     * @param text any text, or {@code null} (rendered empty)
     * @return the escaped text
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * Encodes a query parameter value or a path segment.
     *
     * @param value the value
     * @return the encoded value
     */
    static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Appends markup written in this package: never pass it anything that came from outside. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends text, escaped. */
    Html text(Object text) {
        out.append(escape(text == null ? null : String.valueOf(text)));
        return this;
    }

    /** Appends {@code <tag attributes>text</tag>}; attributes are markup, the text is escaped. */
    Html element(String tag, String attributes, Object text) {
        out.append('<').append(tag).append(attributes.isEmpty() ? "" : " " + attributes).append('>');
        text(text);
        out.append("</").append(tag).append('>');
        return this;
    }

    /** Appends one table row of escaped cells. */
    Html row(String attributes, Object... cells) {
        out.append("<tr").append(attributes.isEmpty() ? "" : " " + attributes).append('>');
        for (Object cell : cells) {
            element("td", "", cell);
        }
        out.append("</tr>\n");
        return this;
    }

    /** A hidden form field. */
    Html hidden(String name, String value) {
        out.append("<input type=\"hidden\" name=\"").append(escape(name)).append("\" value=\"").append(escape(value))
                .append("\">");
        return this;
    }

    /**
     * The page around a body.
     *
     * @param view who is looking, and where the console is
     * @param title the page title
     * @param body the page's main content
     * @return the whole page
     */
    static String page(ConsoleView view, String title, Html body) {
        Html page = new Html();
        page.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .element("title", "", title + " - PromptFloe webhooks")
                .raw("<link rel=\"stylesheet\" href=\"").text(view.base() + "/console.css").raw("\"></head>\n<body>")
                .raw("<nav><a href=\"").text(view.base() + "/").raw("\">Overview</a>")
                .raw("<a href=\"").text(view.base() + "/deliveries").raw("\">Deliveries</a>")
                .raw("<a href=\"").text(view.base() + "/inbox?state=DEAD").raw("\">Inbox</a>")
                .element("span", "class=\"user\"", view.user() + (view.admin() ? " (admin)" : " (viewer)"))
                .raw("</nav>\n<main>").raw(body.toString()).raw("</main></body></html>\n");
        return page.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
