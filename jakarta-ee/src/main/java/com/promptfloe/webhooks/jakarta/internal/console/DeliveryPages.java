package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.journal.JournalPage;
import com.promptfloe.webhooks.journal.JournalRecord;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The deliveries list and a delivery's detail. */
final class DeliveryPages {

    private DeliveryPages() {
    }

    static String list(ConsoleView view, DeliveryFilter filter, JournalPage page) {
        Html body = new Html();
        body.element("h1", "", "Deliveries");
        body.raw("<form id=\"filter\" method=\"get\" action=\"").text(view.base() + "/deliveries").raw("\">");
        input(body, "q", "Delivery or event id", filter.q(), "search");
        body.raw("<label>Outcome <select name=\"outcome\"><option value=\"\">any</option>");
        for (Outcome outcome : Outcome.values()) {
            String name = outcome.name().toLowerCase(Locale.ROOT);
            boolean selected = filter.outcome() != null && DeliveryFilter.outcome(filter.outcome()) == outcome;
            body.raw("<option value=\"").text(name).raw(selected ? "\" selected>" : "\">").text(name).raw("</option>");
        }
        body.raw("</select></label>");
        input(body, "type", "Event type", filter.type(), "text");
        input(body, "endpoint", "Endpoint", filter.endpoint(), "text");
        input(body, "from", "From (UTC)", filter.from(), "text");
        input(body, "to", "To (UTC)", filter.to(), "text");
        body.raw("<button type=\"submit\">Filter</button></form>\n");
        body.raw("<table id=\"deliveries\"><thead><tr><th>Received</th><th>Endpoint</th><th>Delivery</th>"
                + "<th>Event</th><th>Type</th><th>Outcome</th><th>Status</th><th>Attempt</th><th>Source</th>"
                + "<th>Detail</th></tr></thead><tbody>\n");
        for (JournalRecord record : page.records()) {
            body.raw("<tr data-record-id=\"").text(record.id()).raw("\" class=\"").text(outcomeClass(record.outcome()))
                    .raw("\"><td><a class=\"delivery-link\" href=\"")
                    .text(view.base() + "/deliveries/" + Html.url(record.id())).raw("\">").text(Html.time(record.at()))
                    .raw("</a></td>").element("td", "", record.endpoint()).element("td", "", record.deliveryId())
                    .element("td", "", record.eventId()).element("td", "", record.eventType())
                    .element("td", "class=\"outcome\"", record.outcome().name().toLowerCase(Locale.ROOT))
                    .element("td", "", record.httpStatus() == 0 ? "" : record.httpStatus())
                    .element("td", "", record.attempt())
                    .element("td", "", record.source().name().toLowerCase(Locale.ROOT))
                    .element("td", "", record.detail()).raw("</tr>\n");
        }
        body.raw("</tbody></table>\n");
        if (page.records().isEmpty()) {
            body.element("p", "class=\"empty\"", "No delivery matches.");
        }
        body.raw("<p class=\"paging\">");
        if (filter.page() > 1) {
            body.raw("<a id=\"previous-page\" href=\"").text(link(view, filter.parameters(filter.page() - 1)))
                    .raw("\">Newer</a> ");
        }
        if (page.more() && filter.page() < DeliveryFilter.MAX_PAGE) {
            body.raw("<a id=\"next-page\" href=\"").text(link(view, filter.parameters(filter.page() + 1)))
                    .raw("\">Older</a>");
        }
        body.raw("</p>\n");
        return Html.page(view, "Deliveries", body);
    }

    private static void input(Html body, String name, String label, String value, String type) {
        body.raw("<label>").text(label).raw(" <input type=\"").raw(type).raw("\" name=\"").raw(name)
                .raw("\" value=\"").text(value).raw("\"></label>");
    }

    private static String link(ConsoleView view, Map<String, String> parameters) {
        return view.base() + "/deliveries?" + parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + Html.url(e.getValue())).collect(Collectors.joining("&"));
    }

    static String outcomeClass(Outcome outcome) {
        return outcome == Outcome.PROCESSED || outcome == Outcome.DUPLICATE || outcome == Outcome.QUEUED
                ? "ok" : "failed";
    }

    static String detail(ConsoleView view, ConsoleData.Detail detail) {
        JournalRecord record = detail.record();
        Html body = new Html();
        body.element("h1", "", "Delivery " + (record.deliveryId() == null ? "(no delivery id)" : record.deliveryId()));
        body.raw("<dl class=\"facts\">");
        fact(body, "Delivery id", "delivery-id", record.deliveryId());
        fact(body, "Event id", "event-id", record.eventId());
        fact(body, "Event type", "event-type", record.eventType());
        fact(body, "Endpoint", "endpoint", record.endpoint());
        fact(body, "Received", "received-at", Html.time(record.at()));
        fact(body, "Source", "source", record.source().name().toLowerCase(Locale.ROOT));
        fact(body, "Outcome", "outcome", record.outcome().name().toLowerCase(Locale.ROOT));
        fact(body, "HTTP status", "http-status", record.httpStatus() == 0 ? "(inbox attempt)" : record.httpStatus());
        fact(body, "Attempt", "attempt", record.attempt());
        fact(body, "Handler duration", "duration", record.handlerDuration() == null ? ""
                : record.handlerDuration().toMillis() + " ms");
        fact(body, "Detail", "detail", record.detail());
        if (detail.inboxEntry() != null) {
            fact(body, "Inbox state", "inbox-state", detail.inboxEntry().state().name() + ", "
                    + detail.inboxEntry().attempts() + " attempt(s), next or last change "
                    + Html.time(detail.inboxEntry().dueAt()));
        }
        body.raw("</dl>\n");
        body.element("h2", "", "Headers");
        body.raw("<table id=\"headers\"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>\n");
        record.headers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> body.row("", e.getKey(), e.getValue()));
        body.raw("</tbody></table>\n");
        body.element("h2", "", "Payload");
        if (detail.payload() != null) {
            body.element("p", "class=\"note\"", detail.payloadSource().equals("inbox")
                    ? "From the inbox entry." : "Kept by the journal (journal.payloads=true).");
            body.element("pre", "id=\"payload\"", detail.payload());
        } else {
            body.element("p", "class=\"note\"", "Not stored: the journal keeps verified payloads only with "
                    + "journal.payloads=true, and never those of refused requests.");
        }
        body.element("h2", "", "History");
        body.raw("<table id=\"history\"><thead><tr><th>At</th><th>Source</th><th>Outcome</th><th>Status</th>"
                + "<th>Attempt</th><th>Detail</th></tr></thead><tbody>\n");
        for (JournalRecord attempt : detail.history()) {
            body.raw("<tr data-record-id=\"").text(attempt.id()).raw("\"><td><a class=\"delivery-link\" href=\"")
                    .text(view.base() + "/deliveries/" + Html.url(attempt.id())).raw("\">").text(Html.time(attempt.at()))
                    .raw("</a></td>").element("td", "", attempt.source().name().toLowerCase(Locale.ROOT))
                    .element("td", "", attempt.outcome().name().toLowerCase(Locale.ROOT))
                    .element("td", "", attempt.httpStatus() == 0 ? "" : attempt.httpStatus())
                    .element("td", "", attempt.attempt()).element("td", "", attempt.detail()).raw("</tr>\n");
        }
        body.raw("</tbody></table>\n");
        if (record.failure() != null) {
            body.element("h2", "", "Error");
            body.element("p", "id=\"error-summary\"", record.failure().summary());
            body.element("pre", "id=\"stack-trace\"", record.failure().stackTrace());
        }
        return Html.page(view, "Delivery " + (record.deliveryId() == null ? record.id() : record.deliveryId()), body);
    }

    private static void fact(Html body, String label, String id, Object value) {
        body.element("dt", "", label).element("dd", "id=\"" + id + "\"", value);
    }
}
