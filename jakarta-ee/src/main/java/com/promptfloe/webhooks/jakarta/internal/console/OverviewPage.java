package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.Outcome;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The overview: per endpoint counts, inbox state, ledger and journal, and the effective configuration. */
final class OverviewPage {

    private OverviewPage() {
    }

    static String render(ConsoleView view, ConsoleData data) {
        List<ConsoleData.EndpointSummary> endpoints = data.overview();
        String ledger = data.ledgerKind();
        String journal = data.journalKind();
        Html body = new Html();
        body.element("h1", "", "PromptFloe webhooks");
        body.raw("<table id=\"endpoints\"><caption>Endpoints</caption><thead><tr><th>Endpoint</th>"
                + "<th>Last hour</th><th>Last day</th><th>Inbox backlog</th><th>Dead</th><th>Ledger</th>"
                + "<th>Journal</th></tr></thead><tbody>\n");
        for (ConsoleData.EndpointSummary endpoint : endpoints) {
            body.raw("<tr data-endpoint=\"").text(endpoint.name()).raw("\">")
                    .element("td", "", endpoint.name())
                    .element("td", "class=\"counts\"", counts(endpoint.lastHour()))
                    .element("td", "class=\"counts\"", counts(endpoint.lastDay()))
                    .element("td", "class=\"backlog\"", endpoint.backlog() < 0 ? "-" : inboxCount(endpoint.backlog()))
                    .raw("<td class=\"dead\">");
            if (endpoint.dead() > 0) {
                body.raw("<a href=\"").text(view.base() + "/inbox?state=DEAD&endpoint=" + Html.url(endpoint.name()))
                        .raw("\">").text(inboxCount(endpoint.dead())).raw("</a>");
            } else {
                body.text(endpoint.dead() < 0 ? "-" : "0");
            }
            body.raw("</td>").element("td", "", ledger).element("td", "", journal).raw("</tr>\n");
        }
        body.raw("</tbody></table>\n");
        body.raw("<table id=\"configuration\"><caption>Effective configuration</caption><thead><tr><th>Key</th>"
                + "<th>Value</th><th>From</th></tr></thead><tbody>\n");
        for (ConfigRow row : data.configuration()) {
            body.raw("<tr data-key=\"").text(row.key()).raw("\">").element("td", "", row.key())
                    .element("td", row.value() == null ? "class=\"unset\"" : "", row.value() == null ? "(not set: default)"
                            : row.value())
                    .element("td", "", row.source() == null ? "" : row.source()).raw("</tr>\n");
        }
        body.raw("</tbody></table>\n");
        return Html.page(view, "Overview", body);
    }

    /** For example {@code 12: processed 10, handler_failed 2}. */
    static String counts(Map<Outcome, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "0";
        }
        return total + ": " + counts.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String inboxCount(long count) {
        return count >= ConsoleData.INBOX_LIMIT ? count + "+" : Long.toString(count);
    }
}
