package com.promptfloe.webhooks.jakarta.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.inbox.InMemoryDeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxDelivery;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.journal.InMemoryDeliveryJournal;
import com.promptfloe.webhooks.journal.JournalRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's routing, role checks, CSRF checks, escaping and JSON, through a fake request. */
class ConsoleServletTest {

    private static final String VIEWER = "promptfloe-webhooks-viewer";
    private static final String ADMIN = "promptfloe-webhooks-admin";
    private static final String SECRET = "whsec_console_test_secret_value";
    private static final Instant NOW = Instant.parse("2026-04-26T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Csrf csrf = Csrf.derivedFrom(List.of(Secret.of(SECRET)));
    private final List<Runnable> background = new ArrayList<>();
    private InMemoryDeliveryJournal journal;
    private InMemoryDeliveryInbox inbox;
    private ConsoleServlet servlet;
    private boolean inboxMode = true;
    private com.promptfloe.webhooks.inbox.DeliveryInbox visibleInbox;

    @BeforeEach
    void setUp() {
        journal = InMemoryDeliveryJournal.builder().clock(clock).build();
        inbox = new InMemoryDeliveryInbox(clock);
        visibleInbox = inbox;
        ConsoleData data = new ConsoleData(() -> journal, () -> inboxMode ? visibleInbox : null, () -> "caffeine (this JVM)",
                List.of("default", "billing"), List.of(new ConfigRow("promptfloe.webhooks.secret", ConfigRow.SET,
                        "context-param"), new ConfigRow("promptfloe.webhooks.mode", "inbox", "context-param")), clock);
        servlet = new ConsoleServlet("/promptfloe-console", new ConsoleSecurity(VIEWER, ADMIN, csrf), data,
                new RedriveJobs(background::add, clock));
    }

    private FakeHttp.Response call(FakeHttp.Request request) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        servlet.service(request.proxy(), response.proxy());
        return response;
    }

    private static FakeHttp.Request get(String path) {
        return new FakeHttp.Request("GET", path);
    }

    private static FakeHttp.Request post(String path) {
        return new FakeHttp.Request("POST", path);
    }

    private JournalRecord record(String deliveryId, Outcome outcome, Throwable thrown, String payload) {
        JournalRecord.Failure failure = thrown == null ? null : JournalRecord.Failure.of(thrown);
        JournalRecord record = new JournalRecord(java.util.UUID.randomUUID().toString(), "default",
                NOW.minusSeconds(60), JournalRecord.Source.REQUEST, deliveryId, "evt_" + deliveryId, "app.failed",
                outcome, Duration.ofMillis(3), 0, failure == null ? null : failure.summary(), failure,
                Map.of("X-PromptFloe-Signature", "t=1,v1=(not kept)", "X-PromptFloe-Delivery", deliveryId), payload);
        journal.append(record);
        return journal.find(com.promptfloe.webhooks.journal.JournalQuery.newest(1)).records().get(0);
    }

    private InboxEntry dead(String deliveryId) {
        inbox.store(new InboxDelivery("default", deliveryId, "evt_" + deliveryId, "app.failed",
                "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), NOW.minusSeconds(120)));
        InboxEntry claimed = inbox.claim(Set.of("default"), 1, Duration.ofMinutes(1)).get(0);
        inbox.markDead(claimed, "gave up: boom");
        return inbox.find("default", deliveryId).orElseThrow();
    }

    @Test
    void anUnauthenticatedRequestIsRefusedWith401() throws Exception {
        FakeHttp.Response response = call(get("/"));
        assertThat(response.status).isEqualTo(401);
        assertThat(response.text()).doesNotContain("table");
        assertThat(response.headers).containsEntry("Content-Security-Policy", ConsoleSecurity.CONTENT_SECURITY_POLICY);
    }

    @Test
    void aUserWithoutEitherRoleIsRefusedWith403() throws Exception {
        assertThat(call(get("/").as("mallory", "other")).status).isEqualTo(403);
        assertThat(call(get("/api/overview").as("mallory")).status).isEqualTo(403);
    }

    @Test
    void theOverviewListsEveryEndpointAndTheConfigurationWithoutSecrets() throws Exception {
        record("d1", Outcome.PROCESSED, null, null);
        record("d2", Outcome.HANDLER_FAILED, new IllegalStateException("no"), null);
        dead("d3");
        FakeHttp.Response response = call(get(null).as("vera", VIEWER));
        assertThat(response.status).isEqualTo(200);
        assertThat(response.contentType).startsWith("text/html");
        String html = response.text();
        assertThat(html).contains("<h1>", "<table id=\"endpoints\"", "<tr data-endpoint=\"default\">",
                "<tr data-endpoint=\"billing\">", "<table id=\"configuration\"", "(set)",
                "2: processed 1, handler_failed 1", "href=\"/app/promptfloe-console/console.css\"");
        assertThat(html).doesNotContain(SECRET);
        assertThat(response.headers).containsEntry("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                        + "base-uri 'none'")
                .containsEntry("X-Content-Type-Options", "nosniff").containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("Cache-Control", "no-store").containsEntry(Csrf.HEADER, csrf.token("vera"));
    }

    @Test
    void theOverviewApiIsJson() throws Exception {
        record("d1", Outcome.PROCESSED, null, null);
        dead("d3");
        FakeHttp.Response response = call(get("/api/overview").as("vera", VIEWER));
        assertThat(response.contentType).startsWith("application/json");
        JsonObject json = Json.createReader(new StringReader(response.text())).readObject();
        JsonObject first = json.getJsonArray("endpoints").getJsonObject(0);
        assertThat(first.getString("name")).isEqualTo("default");
        assertThat(first.getJsonObject("lastHour").getInt("processed")).isEqualTo(1);
        assertThat(first.getInt("dead")).isEqualTo(1);
        assertThat(json.getJsonArray("configuration").getJsonObject(0).getString("value")).isEqualTo("(set)");
    }

    @Test
    void theListFiltersByOutcomeAndPages() throws Exception {
        for (int i = 0; i < DeliveryFilter.PAGE_SIZE + 3; i++) {
            record("ok" + i, Outcome.PROCESSED, null, null);
        }
        JournalRecord failed = record("bad", Outcome.HANDLER_FAILED, new IllegalStateException("boom"), null);
        String all = call(get("/deliveries").as("vera", VIEWER)).text();
        assertThat(all).contains("<form id=\"filter\"", "<table id=\"deliveries\"", "id=\"next-page\"",
                "class=\"delivery-link\" href=\"/app/promptfloe-console/deliveries/" + failed.id() + "\"");
        String second = call(get("/deliveries").as("vera", VIEWER).param("page", "2")).text();
        assertThat(second).doesNotContain("id=\"next-page\"").contains("id=\"previous-page\"");
        String onlyFailed = call(get("/deliveries").as("vera", VIEWER).param("outcome", "handler_failed")).text();
        assertThat(onlyFailed).contains("data-record-id=\"" + failed.id() + "\"").doesNotContain("evt_ok1<");
        String byId = call(get("/deliveries").as("vera", VIEWER).param("q", "evt_bad")).text();
        assertThat(byId).contains("data-record-id=\"" + failed.id() + "\"");
        JsonObject json = Json.createReader(new StringReader(call(get("/api/deliveries").as("vera", VIEWER)
                .param("q", "bad")).text())).readObject();
        assertThat(json.getJsonArray("records")).hasSize(1);
        assertThat(json.getJsonArray("records").getJsonObject(0).getString("outcome")).isEqualTo("handler_failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=0", "page=x", "outcome=nonsense", "from=yesterday"})
    void aBadFilterIsA400(String parameter) throws Exception {
        String[] parts = parameter.split("=");
        assertThat(call(get("/deliveries").as("vera", VIEWER).param(parts[0], parts[1])).status).isEqualTo(400);
    }

    @Test
    void theDetailEscapesWhatCameFromOutsideAndShowsTheStackTrace() throws Exception {
        JournalRecord record = record("<script>alert(1)</script>", Outcome.HANDLER_FAILED,
                new IllegalStateException("<img src=x onerror=alert(2)>"),
                "{\"data\":{\"note\":\"<script>alert(3)</script>\"}}");
        FakeHttp.Response response = call(get("/deliveries/" + record.id()).as("vera", VIEWER));
        String html = response.text();
        assertThat(html).doesNotContain("<script>", "<img");
        assertThat(html).contains("&lt;script&gt;alert(3)&lt;/script&gt;", "<pre id=\"payload\">",
                "<pre id=\"stack-trace\">java.lang.IllegalStateException: &lt;img", "<table id=\"history\"",
                "<table id=\"headers\"", "id=\"delivery-id\"", "id=\"event-id\"", "id=\"event-type\"",
                "id=\"outcome\"", "id=\"http-status\">500<", "id=\"attempt\">1<", "v1=(not kept)");
        JsonObject json = Json.createReader(new StringReader(call(get("/api/deliveries/" + record.id())
                .as("vera", VIEWER)).text())).readObject();
        assertThat(json.getString("payload")).contains("<script>alert(3)</script>");
        assertThat(json.getJsonObject("failure").getString("stackTrace")).startsWith("java.lang.IllegalStateException");
        assertThat(call(get("/deliveries/nope").as("vera", VIEWER)).status).isEqualTo(404);
    }

    @Test
    void inInboxModeTheDetailShowsThePayloadOfTheInboxEntry() throws Exception {
        dead("d9");
        JournalRecord record = record("d9", Outcome.QUEUED, null, null);
        String html = call(get("/deliveries/" + record.id()).as("vera", VIEWER)).text();
        assertThat(html).contains("<pre id=\"payload\">{&quot;id&quot;:&quot;x&quot;}</pre>", "From the inbox entry");
    }

    @Test
    void anAdminSeesReDriveFormsAViewerDoesNot() throws Exception {
        dead("d1");
        String admin = call(get("/inbox").as("ada", ADMIN).param("state", "DEAD")).text();
        assertThat(admin).contains("<table id=\"inbox\"", "<tr data-delivery-id=\"d1\"", "<form class=\"redrive\"",
                "<button type=\"submit\" class=\"redrive\"", "name=\"_csrf\" value=\"" + csrf.token("ada") + "\"",
                "<form id=\"redrive-all\"", "Dead since");
        String viewer = call(get("/inbox").as("vera", VIEWER).param("state", "DEAD")).text();
        assertThat(viewer).contains("<tr data-delivery-id=\"d1\"").doesNotContain("form", "_csrf");
        assertThat(call(get("/inbox").as("vera", VIEWER).param("state", "PENDING")).text())
                .contains("Next attempt").doesNotContain("data-delivery-id=\"d1\"");
        assertThat(call(get("/inbox").as("vera", VIEWER).param("state", "LOST")).status).isEqualTo(400);
    }

    @Test
    void aViewerCannotActEvenWithAToken() throws Exception {
        dead("d1");
        FakeHttp.Response response = call(post("/inbox/redrive").as("vera", VIEWER)
                .param(Csrf.FIELD, csrf.token("vera")).param("endpoint", "default").param("deliveryId", "d1"));
        assertThat(response.status).isEqualTo(403);
        assertThat(inbox.find("default", "d1").orElseThrow().state()).isEqualTo(InboxEntry.State.DEAD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "wrong", "someone-elses"})
    void anAdminPostWithoutTheRightTokenIsRefused(String token) throws Exception {
        dead("d1");
        FakeHttp.Request request = post("/inbox/redrive").as("ada", ADMIN).param("endpoint", "default")
                .param("deliveryId", "d1");
        if (!token.isEmpty()) {
            request.param(Csrf.FIELD, token.equals("someone-elses") ? csrf.token("vera") : token);
        }
        assertThat(call(request).status).isEqualTo(403);
        assertThat(inbox.find("default", "d1").orElseThrow().state()).isEqualTo(InboxEntry.State.DEAD);
    }

    @Test
    void anAdminWithTheTokenReDrivesOneEntryAndIsSentBack() throws Exception {
        dead("d1");
        FakeHttp.Response response = call(post("/inbox/redrive").as("ada", ADMIN).param(Csrf.FIELD, csrf.token("ada"))
                .param("endpoint", "default").param("deliveryId", "d1"));
        assertThat(response.status).isEqualTo(303);
        assertThat(response.headers).containsEntry("Location", "/app/promptfloe-console/inbox?state=DEAD&redriven=1");
        assertThat(inbox.find("default", "d1").orElseThrow().state()).isEqualTo(InboxEntry.State.PENDING);
    }

    @Test
    void theApiTakesTheTokenInAHeaderAndAJsonBody() throws Exception {
        dead("d1");
        FakeHttp.Response refused = call(post("/api/inbox/redrive").as("ada", ADMIN)
                .json("{\"endpoint\":\"default\",\"deliveryId\":\"d1\"}"));
        assertThat(refused.status).isEqualTo(403);
        assertThat(refused.contentType).startsWith("application/json");
        FakeHttp.Response response = call(post("/api/inbox/redrive").as("ada", ADMIN)
                .header(Csrf.HEADER, csrf.token("ada")).json("{\"endpoint\":\"default\",\"deliveryId\":\"d1\"}"));
        assertThat(response.status).isEqualTo(200);
        assertThat(Json.createReader(new StringReader(response.text())).readObject().getBoolean("redriven")).isTrue();
    }

    @Test
    void aBulkReDriveRunsInTheBackgroundAndShowsItsProgress() throws Exception {
        dead("d1");
        dead("d2");
        FakeHttp.Response started = call(post("/inbox/redrive-all").as("ada", ADMIN)
                .param(Csrf.FIELD, csrf.token("ada")).param("endpoint", "default"));
        assertThat(started.status).isEqualTo(303);
        String location = started.headers.get("Location");
        assertThat(location).startsWith("/app/promptfloe-console/jobs/");
        String jobPath = location.substring("/app/promptfloe-console".length());
        assertThat(call(get(jobPath).as("vera", VIEWER)).text()).contains("id=\"job-progress\"", "data-finished=\"false\"");
        assertThat(inbox.find("default", "d1").orElseThrow().state()).as("not before the job runs")
                .isEqualTo(InboxEntry.State.DEAD);
        background.forEach(Runnable::run);
        assertThat(call(get(jobPath).as("vera", VIEWER)).text()).contains("2 of 2 processed, 2 re-driven",
                "data-finished=\"true\"");
        JsonObject json = Json.createReader(new StringReader(call(get("/api" + jobPath).as("vera", VIEWER)).text()))
                .readObject();
        assertThat(json.getInt("redriven")).isEqualTo(2);
        assertThat(inbox.list(InboxEntry.State.DEAD, 10)).isEmpty();
        assertThat(call(get("/jobs/unknown").as("vera", VIEWER)).status).isEqualTo(404);
    }

    @Test
    void withoutAnInboxThereIsNothingToReDrive() throws Exception {
        inboxMode = false;
        assertThat(call(get("/inbox").as("vera", VIEWER)).text()).contains("not in inbox mode");
        assertThat(call(post("/inbox/redrive").as("ada", ADMIN).param(Csrf.FIELD, csrf.token("ada"))
                .param("endpoint", "default").param("deliveryId", "d1")).status).isEqualTo(409);
    }

    @Test
    void anInboxThatListsOnlyDeadEntriesStillShowsThemAndSaysWhatItCannotList() throws Exception {
        dead("d1");
        visibleInbox = (com.promptfloe.webhooks.inbox.DeliveryInbox) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {com.promptfloe.webhooks.inbox.DeliveryInbox.class},
                (self, method, args) -> method.getName().equals("list")
                        ? java.lang.reflect.InvocationHandler.invokeDefault(self, method, args)
                        : method.invoke(inbox, args));
        assertThat(call(get("/inbox").as("vera", VIEWER)).text()).contains("<tr data-delivery-id=\"d1\"");
        FakeHttp.Response pending = call(get("/inbox").as("vera", VIEWER).param("state", "PENDING"));
        assertThat(pending.status).isEqualTo(400);
        assertThat(pending.text()).contains("lists only DEAD entries");
        String overview = call(get("/").as("vera", VIEWER)).text();
        assertThat(overview).contains("<td class=\"backlog\">-</td>");
    }

    @Test
    void unknownPagesAndMethodsAreRefused() throws Exception {
        assertThat(call(get("/nope").as("vera", VIEWER)).status).isEqualTo(404);
        assertThat(call(new FakeHttp.Request("DELETE", "/").as("ada", ADMIN)).status).isEqualTo(405);
        assertThat(call(post("/deliveries").as("ada", ADMIN).param(Csrf.FIELD, csrf.token("ada"))).status)
                .isEqualTo(404);
    }

    @Test
    void theStylesheetIsServed() throws Exception {
        FakeHttp.Response response = call(get("/console.css").as("vera", VIEWER));
        assertThat(response.status).isEqualTo(200);
        assertThat(response.contentType).startsWith("text/css");
        assertThat(response.text()).contains("table");
    }
}
