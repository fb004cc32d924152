package com.promptfloe.webhooks.event;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.util.Objects;
import java.util.Optional;

/**
 * One insight of a {@link SkillCompleted} report.
 *
 * <p>PromptFloe does not document an insight's fields, so the whole object is kept:
 * {@code insight.text("title")} reads a string field, {@link #json()} everything.
 *
 * @param json the insight as PromptFloe sent it
 */
@JsonbTypeAdapter(Insight.Adapter.class)
public record Insight(JsonObject json) {

    /**
     * Keeps the object, never {@code null}.
     *
     * @param json the insight as PromptFloe sent it
     */
    public Insight {
        Objects.requireNonNull(json, "json");
    }

    /**
     * A string field of the insight.
     *
     * @param name the field name
     * @return its value, or empty when the field is absent or not a string
     */
    public Optional<String> text(String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString string ? Optional.of(string.getString()) : Optional.empty();
    }

    /** Binds an insight from and to its JSON object. */
    public static final class Adapter implements JsonbAdapter<Insight, JsonObject> {

        /** Creates the adapter; JSON-B calls it. */
        public Adapter() {
        }

        @Override
        public JsonObject adaptToJson(Insight insight) {
            return insight.json();
        }

        @Override
        public Insight adaptFromJson(JsonObject json) {
            return new Insight(json);
        }
    }
}
