package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.inbox.InboxEntry;
import java.util.List;

/** The inbox entries of one state, with the re-drive forms for admins, and a bulk re-drive's progress. */
final class InboxPages {

    private InboxPages() {
    }

    static String inbox(ConsoleView view, InboxEntry.State state, String endpoint, List<InboxEntry> entries,
            boolean inboxMode, String notice) {
        Html body = new Html();
        body.element("h1", "", "Inbox: " + state.name().toLowerCase(java.util.Locale.ROOT) + " entries");
        if (notice != null) {
            body.element("p", "id=\"notice\" class=\"notice\"", notice);
        }
        body.raw("<p class=\"states\">");
        for (InboxEntry.State each : InboxEntry.State.values()) {
            body.raw("<a href=\"").text(view.base() + "/inbox?state=" + each.name()).raw("\"")
                    .raw(each == state ? " class=\"current\">" : ">").text(each.name()).raw("</a> ");
        }
        body.raw("</p>\n");
        if (!inboxMode) {
            body.element("p", "class=\"empty\"", "This application is not in inbox mode (promptfloe.webhooks.mode): "
                    + "it keeps no inbox entries.");
            return Html.page(view, "Inbox", body);
        }
        boolean canRedrive = view.admin() && state == InboxEntry.State.DEAD;
        if (canRedrive) {
            body.raw("<form id=\"redrive-all\" method=\"post\" action=\"").text(view.base() + "/inbox/redrive-all")
                    .raw("\">").hidden(Csrf.FIELD, view.csrfToken())
                    .raw("<label>Endpoint <input type=\"text\" name=\"endpoint\" value=\"").text(endpoint)
                    .raw("\"></label><label>Event type <input type=\"text\" name=\"type\" value=\"\"></label>")
                    .raw("<button type=\"submit\">Re-drive all matching dead entries (at most ")
                    .text(RedriveJobs.CAP).raw(")</button></form>\n");
        }
        body.raw("<table id=\"inbox\"><thead><tr><th>Endpoint</th><th>Delivery</th><th>Event</th><th>Type</th>"
                + "<th>Received</th><th>Attempts</th><th>").text(dueLabel(state))
                .raw("</th><th>Last error</th>").raw(canRedrive ? "<th>Action</th>" : "").raw("</tr></thead><tbody>\n");
        for (InboxEntry entry : entries) {
            if (endpoint != null && !endpoint.equals(entry.endpoint())) {
                continue;
            }
            body.raw("<tr data-delivery-id=\"").text(entry.deliveryId()).raw("\" data-endpoint=\"")
                    .text(entry.endpoint()).raw("\">").element("td", "", entry.endpoint())
                    .raw("<td><a href=\"").text(view.base() + "/deliveries?q=" + Html.url(entry.deliveryId())
                            + "&endpoint=" + Html.url(entry.endpoint())).raw("\">").text(entry.deliveryId())
                    .raw("</a></td>").element("td", "", entry.delivery().eventId())
                    .element("td", "", entry.delivery().type())
                    .element("td", "", Html.time(entry.delivery().receivedAt()))
                    .element("td", "", entry.attempts())
                    .element("td", "class=\"next-attempt\"", Html.time(entry.dueAt()))
                    .element("td", "class=\"error\"", entry.lastError());
            if (canRedrive) {
                body.raw("<td><form class=\"redrive\" method=\"post\" action=\"").text(view.base() + "/inbox/redrive")
                        .raw("\">").hidden(Csrf.FIELD, view.csrfToken()).hidden("endpoint", entry.endpoint())
                        .hidden("deliveryId", entry.deliveryId())
                        .raw("<button type=\"submit\" class=\"redrive\">Re-drive</button></form></td>");
            }
            body.raw("</tr>\n");
        }
        body.raw("</tbody></table>\n");
        if (entries.isEmpty()) {
            body.element("p", "class=\"empty\"", "No entry in this state.");
        }
        return Html.page(view, "Inbox", body);
    }

    static String dueLabel(InboxEntry.State state) {
        return switch (state) {
            case PENDING -> "Next attempt";
            case CLAIMED -> "Lease ends";
            case DONE -> "Done at";
            case DEAD -> "Dead since";
        };
    }

    static String job(ConsoleView view, RedriveJobs.Job job) {
        Html body = new Html();
        body.element("h1", "", "Bulk re-drive");
        body.raw("<dl class=\"facts\">").element("dt", "", "Job").element("dd", "id=\"job-id\"", job.id)
                .element("dt", "", "Started by").element("dd", "", job.user)
                .element("dt", "", "Filter").element("dd", "", "endpoint " + (job.endpoint == null ? "any" : job.endpoint)
                        + ", type " + (job.type == null ? "any" : job.type))
                .element("dt", "", "Started").element("dd", "", Html.time(job.startedAt))
                .element("dt", "", "State").element("dd", "id=\"job-state\"", job.state).raw("</dl>");
        int total = job.total.get();
        body.raw("<p id=\"job-progress\" data-done=\"").text(job.done.get()).raw("\" data-total=\"").text(total)
                .raw("\" data-finished=\"").text(job.finished()).raw("\">")
                .text(total < 0 ? "Listing dead entries..." : job.done.get() + " of " + total + " processed, "
                        + job.redriven.get() + " re-driven")
                .raw("</p>");
        if (job.error != null) {
            body.element("p", "id=\"job-error\" class=\"error\"", job.error);
        }
        if (!job.finished()) {
            body.raw("<p><a href=\"").text(view.base() + "/jobs/" + Html.url(job.id)).raw("\">Refresh</a></p>");
        } else {
            body.raw("<p><a href=\"").text(view.base() + "/inbox?state=DEAD").raw("\">Back to the dead entries</a></p>");
        }
        return Html.page(view, "Bulk re-drive", body);
    }

    static String message(ConsoleView view, String title, String text) {
        Html body = new Html();
        body.element("h1", "", title).element("p", "id=\"message\"", text);
        return Html.page(view, title, body);
    }
}
