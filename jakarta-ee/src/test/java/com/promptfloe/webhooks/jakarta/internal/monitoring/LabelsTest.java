package com.promptfloe.webhooks.jakarta.internal.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.event.EventParser;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.event.UnknownEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelsTest {

    private final EventParser parser = EventParser.create();

    private PromptFloeEvent parse(String type) throws Exception {
        byte[] body = ("{\"id\":\"evt_1\",\"type\":\"" + type + "\",\"createdAt\":\"2026-04-26T12:34:56.789Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{\"appId\":\"app_1\"}}").getBytes(StandardCharsets.UTF_8);
        return parser.parse(body, "deliv_1");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eachDocumentedTypeIsItsOwnLabel(EventType type) throws Exception {
        int index = Labels.typeIndex(parse(type.wireName()));

        assertThat(Labels.typeName(index)).isEqualTo(type.wireName());
        assertThat(Labels.eventType(parse(type.wireName()))).isEqualTo(type.wireName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"deployment.rolled-back", "Deployment.Live", "x"})
    void aTypeThatIsNotDocumentedIsUnknownAndNoRequestIsNone(String type) throws Exception {
        assertThat(Labels.eventType(parse(type))).isEqualTo(Labels.UNKNOWN);
        assertThat(Labels.eventType(null)).isEqualTo(Labels.NONE);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void anUnknownEventThatCarriesADocumentedTypeIsLabelledByItsTypeName(EventType type) throws Exception {
        // Not what the parser makes for a documented type, but a test may build one: its type name decides.
        PromptFloeEvent other = new UnknownEvent(parse(type.wireName()).metadata());

        assertThat(Labels.eventType(other)).isEqualTo(type.wireName());
    }

    @Test
    void everyLabelSetHasASlotOfItsOwnInsideTheCache() {
        Set<Integer> outcomeSlots = new HashSet<>();
        Set<Integer> resultSlots = new HashSet<>();
        for (int type = 0; type < Labels.TYPE_COUNT; type++) {
            for (Outcome outcome : Outcome.values()) {
                outcomeSlots.add(Labels.outcomeSlot(type, outcome));
            }
            resultSlots.add(Labels.resultSlot(type, null));
            resultSlots.add(Labels.resultSlot(type, new IllegalStateException("observer failed")));
        }

        assertThat(outcomeSlots).hasSize(Labels.OUTCOME_SLOTS).allMatch(slot -> slot >= 0 && slot < Labels.OUTCOME_SLOTS);
        assertThat(resultSlots).hasSize(Labels.RESULT_SLOTS).allMatch(slot -> slot >= 0 && slot < Labels.RESULT_SLOTS);
    }
}
