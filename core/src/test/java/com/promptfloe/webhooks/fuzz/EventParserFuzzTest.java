package com.promptfloe.webhooks.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.promptfloe.webhooks.event.EventParser;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.event.MalformedEventException;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;

public class EventParserFuzzTest {

    private static final EventParser PARSER = EventParser.create();
    private static final EventType[] TYPES = EventType.values();

    /**
     * Any body, read as any documented type (as {@code X-PromptFloe-Event} names it) or as untyped:
     * an event or a {@link MalformedEventException}, nothing else. A parsed event written back as
     * an envelope of its own fields parses to the same envelope fields.
     */
    @FuzzTest(maxDuration = "10m")
    void parsesOrRefusesEveryBody(FuzzedDataProvider data) throws MalformedEventException {
        fuzzerTestOneInput(data);
    }

    /**
     * The entry point of a campaign ({@code core/fuzz.sh}); the same check as the test.
     *
     * @throws MalformedEventException never: a body that parsed once must parse again
     */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws MalformedEventException {
        int pick = data.consumeInt(-1, TYPES.length - 1);
        byte[] body = data.consumeRemainingAsBytes();
        PromptFloeEvent event;
        try {
            event = pick < 0 ? PARSER.parse(body, "deliv_fuzz") : PARSER.parse(body, "deliv_fuzz", TYPES[pick].wireName());
        } catch (MalformedEventException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(event.id()).isNotBlank();
        assertThat(event.type()).isNotBlank();
        assertThat(event.deliveryId()).isEqualTo("deliv_fuzz");

        JsonObjectBuilder envelope = Json.createObjectBuilder().add("id", event.id()).add("type", event.type());
        if (event.createdAt() != null) {
            envelope.add("createdAt", event.createdAt().toString());
        }
        if (event.workspaceId() != null) {
            envelope.add("workspaceId", event.workspaceId());
        }
        if (event.data() != null) {
            envelope.add("data", event.data());
        }
        byte[] again = envelope.build().toString().getBytes(StandardCharsets.UTF_8);
        PromptFloeEvent reparsed = pick < 0 ? PARSER.parse(again, "deliv_fuzz") : PARSER.parse(again, "deliv_fuzz", TYPES[pick].wireName());
        assertThat(reparsed.id()).isEqualTo(event.id());
        assertThat(reparsed.type()).isEqualTo(event.type());
        assertThat(reparsed.createdAt()).isEqualTo(event.createdAt());
        assertThat(reparsed.workspaceId()).isEqualTo(event.workspaceId());
        assertThat(reparsed.data()).isEqualTo(event.data());
    }
}
