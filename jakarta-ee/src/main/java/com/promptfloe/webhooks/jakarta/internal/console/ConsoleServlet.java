package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.inbox.DeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.journal.DeliveryJournal;
import com.promptfloe.webhooks.journal.JournalPage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The delivery console: routes each request to a page or an API document after
 * {@link ConsoleSecurity} let it through. Added by the library (never declared by hand) when
 * {@code promptfloe.webhooks.console.enabled=true}.
 */
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ConsoleServlet.class.getName());
    private static final String HTML = "text/html;charset=UTF-8";
    private static final String JSON = "application/json;charset=UTF-8";

    private final transient ConsoleSecurity security;
    private final transient ConsoleData data;
    private final transient RedriveJobs jobs;
    private final String consolePath;

    ConsoleServlet(String consolePath, ConsoleSecurity security, ConsoleData data, RedriveJobs jobs) {
        this.consolePath = consolePath;
        this.security = security;
        this.data = data;
        this.jobs = jobs;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleSecurity.headers(response);
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        boolean api = path.startsWith("/api/");
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            response.setHeader("Allow", "GET, POST");
            refuse(response, api, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "use GET or POST");
            return;
        }
        ConsoleSecurity.Refusal refusal = security.check(request);
        if (refusal != null) {
            LOG.log(Level.DEBUG, () -> "PromptFloe console refused " + method + " " + path + ": " + refusal.reason());
            refuse(response, api, refusal.status(), refusal.reason());
            return;
        }
        ConsoleView view = new ConsoleView(request.getContextPath() + consolePath, request.getUserPrincipal().getName(),
                security.admin(request), security.token(request));
        response.setHeader(Csrf.HEADER, view.csrfToken());
        String route = api ? path.substring("/api".length()) : path;
        try {
            if (method.equals("POST")) {
                post(request, response, view, route, api);
            } else {
                get(request, response, view, route, api);
            }
        } catch (IllegalArgumentException e) {
            refuse(response, api, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            // A journal or an inbox that cannot be read: say so, the details go to the log.
            LOG.log(Level.WARNING, "PromptFloe console: " + method + " " + path + " failed: " + e, e);
            refuse(response, api, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the journal or the inbox could not "
                    + "be read (" + e.getClass().getSimpleName() + "); see the server log");
        }
    }

    private void get(HttpServletRequest request, HttpServletResponse response, ConsoleView view, String route,
            boolean api) throws IOException {
        if (!api && route.equals("/console.css")) {
            stylesheet(response);
        } else if (route.equals("/") || route.equals("/overview") && api) {
            send(response, api, api ? ConsoleJson.overview(data) : OverviewPage.render(view, data));
        } else if (route.equals("/deliveries")) {
            DeliveryFilter filter = DeliveryFilter.parse(request::getParameter);
            JournalPage page = journalPage(filter);
            send(response, api, api ? ConsoleJson.deliveries(filter, page) : DeliveryPages.list(view, filter, page));
        } else if (route.startsWith("/deliveries/")) {
            Optional<ConsoleData.Detail> detail = data.detail(route.substring("/deliveries/".length()));
            if (detail.isEmpty()) {
                refuse(response, api, HttpServletResponse.SC_NOT_FOUND, "no such journal record (never written, "
                        + "or dropped by the journal's retention)");
                return;
            }
            send(response, api, api ? ConsoleJson.detail(detail.get()) : DeliveryPages.detail(view, detail.get()));
        } else if (route.equals("/inbox")) {
            InboxEntry.State state = state(request.getParameter("state"));
            String endpoint = blank(request.getParameter("endpoint"));
            var entries = data.inboxEntries(state, ConsoleData.INBOX_LIMIT).stream()
                    .filter(entry -> endpoint == null || endpoint.equals(entry.endpoint())).toList();
            boolean inboxMode = data.inbox() != null;
            send(response, api, api ? ConsoleJson.inbox(state, entries, inboxMode)
                    : InboxPages.inbox(view, state, endpoint, entries, inboxMode, notice(request)));
        } else if (route.startsWith("/jobs/")) {
            Optional<RedriveJobs.Job> job = jobs.find(route.substring("/jobs/".length()));
            if (job.isEmpty()) {
                refuse(response, api, HttpServletResponse.SC_NOT_FOUND, "no such job on this node (jobs are kept "
                        + "by the node that runs them, the latest " + RedriveJobs.KEPT + ")");
                return;
            }
            send(response, api, api ? ConsoleJson.job(job.get()) : InboxPages.job(view, job.get()));
        } else {
            refuse(response, api, HttpServletResponse.SC_NOT_FOUND, "no such console page: " + route);
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response, ConsoleView view, String route,
            boolean api) throws IOException {
        DeliveryInbox inbox = data.inbox();
        if (!route.equals("/inbox/redrive") && !route.equals("/inbox/redrive-all")) {
            refuse(response, api, HttpServletResponse.SC_NOT_FOUND, "no such console action: " + route);
            return;
        }
        if (inbox == null) {
            refuse(response, api, HttpServletResponse.SC_CONFLICT, "this application is not in inbox mode: "
                    + "there is nothing to re-drive");
            return;
        }
        JsonObject body = api ? jsonBody(request) : JsonValue.EMPTY_JSON_OBJECT;
        String endpoint = parameter(request, body, "endpoint");
        if (route.equals("/inbox/redrive")) {
            String deliveryId = parameter(request, body, "deliveryId");
            if (endpoint == null || deliveryId == null) {
                throw new IllegalArgumentException("send endpoint and deliveryId");
            }
            boolean redriven = inbox.redrive(endpoint, deliveryId);
            LOG.log(Level.INFO, "PromptFloe console: " + view.user() + " re-drove " + endpoint + "/" + deliveryId
                    + (redriven ? "" : " (it was not dead: nothing changed)"));
            if (api) {
                send(response, true, ConsoleJson.redriven(endpoint, deliveryId, redriven));
            } else {
                redirect(response, view.base() + "/inbox?state=DEAD&redriven=" + (redriven ? "1" : "0"));
            }
            return;
        }
        RedriveJobs.Job job = jobs.start(inbox, view.user(), endpoint, parameter(request, body, "type"));
        if (api) {
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            response.setHeader("Location", view.base() + "/api/jobs/" + job.id);
            send(response, true, ConsoleJson.job(job));
        } else {
            redirect(response, view.base() + "/jobs/" + Html.url(job.id));
        }
    }

    private JournalPage journalPage(DeliveryFilter filter) {
        DeliveryJournal journal = data.journal();
        return journal == null ? new JournalPage(java.util.List.of(), false) : journal.find(filter.query());
    }

    private static String notice(HttpServletRequest request) {
        String redriven = request.getParameter("redriven");
        if (redriven == null) {
            return null;
        }
        return redriven.equals("1") ? "Re-driven: the entry is pending and due now."
                : "Not re-driven: the entry was no longer dead.";
    }

    private static InboxEntry.State state(String text) {
        if (text == null || text.isBlank()) {
            return InboxEntry.State.DEAD;
        }
        try {
            return InboxEntry.State.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be PENDING, CLAIMED, DONE or DEAD: " + text);
        }
    }

    private static String parameter(HttpServletRequest request, JsonObject body, String name) {
        String value = request.getParameter(name);
        if (value == null && body.get(name) instanceof jakarta.json.JsonString text) {
            value = text.getString();
        }
        return blank(value);
    }

    private static JsonObject jsonBody(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(request.getInputStream())) {
            return reader.readObject();
        } catch (jakarta.json.JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("the body is not a JSON object: " + e.getMessage());
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static void send(HttpServletResponse response, boolean api, Object document) throws IOException {
        response.setContentType(api ? JSON : HTML);
        byte[] bytes = document.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    private static void refuse(HttpServletResponse response, boolean api, int status, String reason)
            throws IOException {
        response.setStatus(status);
        if (api) {
            send(response, true, ConsoleJson.error(status, reason));
        } else {
            send(response, false, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status
                    + "</title></head><body><h1>" + status + "</h1><p id=\"message\">" + Html.escape(reason)
                    + "</p></body></html>\n");
        }
    }

    private static void stylesheet(HttpServletResponse response) throws IOException {
        try (InputStream in = ConsoleServlet.class.getResourceAsStream("console.css")) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            byte[] bytes = in.readAllBytes();
            response.setContentType("text/css;charset=UTF-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
