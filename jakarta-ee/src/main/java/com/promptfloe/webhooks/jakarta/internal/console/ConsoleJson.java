package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.inbox.InboxEntry;
import com.promptfloe.webhooks.journal.JournalPage;
import com.promptfloe.webhooks.journal.JournalRecord;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON API's documents: the same objects the pages render. Times are ISO-8601 instants. */
final class ConsoleJson {

    private ConsoleJson() {
    }

    static JsonObject overview(ConsoleData data) {
        JsonArrayBuilder endpoints = Json.createArrayBuilder();
        for (ConsoleData.EndpointSummary endpoint : data.overview()) {
            JsonObjectBuilder row = Json.createObjectBuilder().add("name", endpoint.name())
                    .add("lastHour", counts(endpoint.lastHour())).add("lastDay", counts(endpoint.lastDay()));
            if (endpoint.backlog() >= 0) {
                row.add("inboxBacklog", endpoint.backlog()).add("dead", endpoint.dead());
            }
            endpoints.add(row);
        }
        JsonArrayBuilder configuration = Json.createArrayBuilder();
        for (ConfigRow row : data.configuration()) {
            JsonObjectBuilder entry = Json.createObjectBuilder().add("key", row.key());
            add(entry, "value", row.value());
            add(entry, "source", row.source());
            configuration.add(entry);
        }
        return Json.createObjectBuilder().add("endpoints", endpoints).add("ledger", data.ledgerKind())
                .add("journal", data.journalKind()).add("configuration", configuration).build();
    }

    private static JsonObjectBuilder counts(Map<Outcome, Long> counts) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        counts.forEach((outcome, count) -> json.add(outcome.name().toLowerCase(Locale.ROOT), count));
        return json;
    }

    static JsonObject deliveries(DeliveryFilter filter, JournalPage page) {
        JsonArrayBuilder records = Json.createArrayBuilder();
        page.records().forEach(record -> records.add(record(record, false)));
        return Json.createObjectBuilder().add("page", filter.page()).add("pageSize", DeliveryFilter.PAGE_SIZE)
                .add("more", page.more()).add("records", records).build();
    }

    static JsonObjectBuilder record(JournalRecord record, boolean full) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", record.id()).add("endpoint", record.endpoint())
                .add("at", record.at().toString()).add("source", record.source().name().toLowerCase(Locale.ROOT));
        add(json, "deliveryId", record.deliveryId());
        add(json, "eventId", record.eventId());
        add(json, "eventType", record.eventType());
        json.add("outcome", record.outcome().name().toLowerCase(Locale.ROOT));
        if (record.httpStatus() != 0) {
            json.add("httpStatus", record.httpStatus());
        }
        json.add("attempt", record.attempt());
        if (record.handlerDuration() != null) {
            json.add("handlerMillis", record.handlerDuration().toMillis());
        }
        add(json, "detail", record.detail());
        if (full) {
            JsonObjectBuilder headers = Json.createObjectBuilder();
            record.headers().forEach(headers::add);
            json.add("headers", headers);
            if (record.failure() != null) {
                JsonObjectBuilder failure = Json.createObjectBuilder().add("type", record.failure().type());
                add(failure, "message", record.failure().message());
                json.add("failure", failure.add("stackTrace", record.failure().stackTrace()));
            }
        }
        return json;
    }

    static JsonObject detail(ConsoleData.Detail detail) {
        JsonObjectBuilder json = record(detail.record(), true);
        JsonArrayBuilder history = Json.createArrayBuilder();
        detail.history().forEach(record -> history.add(record(record, false)));
        json.add("history", history);
        add(json, "payload", detail.payload());
        add(json, "payloadSource", detail.payloadSource());
        if (detail.inboxEntry() != null) {
            json.add("inboxEntry", entry(detail.inboxEntry()));
        }
        return json.build();
    }

    static JsonObjectBuilder entry(InboxEntry entry) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("endpoint", entry.endpoint())
                .add("deliveryId", entry.deliveryId()).add("eventId", entry.delivery().eventId())
                .add("eventType", entry.delivery().type()).add("receivedAt", entry.delivery().receivedAt().toString())
                .add("state", entry.state().name()).add("attempts", entry.attempts())
                .add(entry.state() == InboxEntry.State.PENDING ? "nextAttemptAt" : "since", entry.dueAt().toString());
        add(json, "lastError", entry.lastError());
        return json;
    }

    static JsonObject inbox(InboxEntry.State state, List<InboxEntry> entries, boolean inboxMode) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        entries.forEach(entry -> array.add(entry(entry)));
        return Json.createObjectBuilder().add("state", state.name()).add("inboxMode", inboxMode)
                .add("entries", array).build();
    }

    static JsonObject job(RedriveJobs.Job job) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", job.id).add("state", job.state)
                .add("startedAt", job.startedAt.toString()).add("total", job.total.get()).add("done", job.done.get())
                .add("redriven", job.redriven.get()).add("finished", job.finished());
        add(json, "endpoint", job.endpoint);
        add(json, "type", job.type);
        add(json, "error", job.error);
        Instant finished = job.finishedAt;
        add(json, "finishedAt", finished == null ? null : finished.toString());
        return json.build();
    }

    static JsonObject redriven(String endpoint, String deliveryId, boolean redriven) {
        return Json.createObjectBuilder().add("endpoint", endpoint).add("deliveryId", deliveryId)
                .add("redriven", redriven).build();
    }

    static JsonObject error(int status, String message) {
        return Json.createObjectBuilder().add("status", status).add("error", message).build();
    }

    private static void add(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
