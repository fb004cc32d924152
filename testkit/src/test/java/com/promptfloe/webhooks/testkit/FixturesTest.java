package com.promptfloe.webhooks.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.EventParser;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.event.SkillCompleted;
import com.promptfloe.webhooks.event.UnknownEvent;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FixturesTest {

    private final EventParser parser = EventParser.create();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySampleParsesToItsTypeWithEveryDocumentedFieldSet(EventType type) throws Exception {
        Envelope envelope = Fixtures.envelope(type);

        PromptFloeEvent event = parser.parse(envelope.toBytes(), "deliv_fixture");

        assertThat(event).isInstanceOf(type.eventClass());
        assertThat(event.type()).isEqualTo(type.wireName());
        assertThat(event.id()).startsWith("evt_");
        assertThat(event.workspaceId()).startsWith("ws_");
        assertThat(event.createdAt()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(event.data()).isNotEmpty();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            assertThat(component.getAccessor().invoke(event)).as(type + "." + component.getName()).isNotNull();
        }
    }

    @Test
    void skillCompletedCarriesInsights() throws Exception {
        SkillCompleted event = (SkillCompleted) parser.parse(Fixtures.envelope(EventType.SKILL_COMPLETED).toBytes(), "d");

        assertThat(event.insights()).hasSize(2);
        assertThat(event.insights().get(0).text("title")).contains("Primary action below the fold");
        assertThat(event.kind()).isEqualTo("critique");
    }

    @Test
    void samplesAreEditableAndIndependent() throws Exception {
        Envelope original = Fixtures.envelope(EventType.DEPLOYMENT_LIVE);
        Envelope changed = original.copy()
                .id("evt_mine")
                .withData("url", "https://mine.netlify.app")
                .withData("attempts", 2)
                .createdAt(Instant.parse("2026-04-26T00:00:00Z"));

        DeploymentLive live = (DeploymentLive) parser.parse(changed.toBytes(), "d");

        assertThat(live.id()).isEqualTo("evt_mine");
        assertThat(live.url()).isEqualTo("https://mine.netlify.app");
        assertThat(live.data().getInt("attempts")).isEqualTo(2);
        assertThat(live.createdAt()).isEqualTo(Instant.parse("2026-04-26T00:00:00Z"));
        assertThat(original.id()).isEqualTo("evt_01JSQ87H4U6W8Y0A2C4E6G8J0M");
        assertThat(original.data().getString("url")).isEqualTo("https://bright-otter-42.netlify.app");
    }

    @Test
    void unknownTypeBecomesTheGenericEvent() throws Exception {
        PromptFloeEvent event = parser.parse(Fixtures.unknownType("thing.happened").toBytes(), "d");

        assertThat(event).isInstanceOf(UnknownEvent.class);
        assertThat(event.type()).isEqualTo("thing.happened");
        assertThat(event.data().getString("thingId")).isEqualTo("thing_2c4e6g8j");
    }

    @Test
    void freshSamplesGetNewIdsAndTheClocksTime() {
        MutableClock clock = MutableClock.create();
        Fixtures fixtures = Fixtures.withClock(clock);

        Envelope first = fixtures.fresh(EventType.APP_GENERATED);
        clock.advance(Duration.ofMinutes(3));
        Envelope second = fixtures.fresh(EventType.APP_GENERATED);

        assertThat(first.id()).isNotEqualTo(second.id()).isNotEqualTo(Fixtures.envelope(EventType.APP_GENERATED).id());
        assertThat(first.toJson().getString("createdAt")).isEqualTo(MutableClock.DEFAULT_START.toString());
        assertThat(second.toJson().getString("createdAt")).isEqualTo("2026-04-26T12:37:56Z");
        assertThat(fixtures.freshUnknown("x.y").type()).isEqualTo("x.y");
    }

    @Test
    void envelopeFieldsCanBeRemovedToBuildMalformedOnes() {
        Envelope envelope = Fixtures.envelope(EventType.APP_FAILED).withoutField("id");

        assertThat(envelope.id()).isNull();
        assertThat(envelope.toString()).doesNotContain("\"id\"").contains("\"data\":{\"chatId\"");
        assertThatThrownBy(() -> Envelope.parse("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void newEnvelopeHasTheFourEnvelopeFieldsAndData() {
        Envelope envelope = Envelope.of("deployment.live").withData("url", "https://x");

        assertThat(envelope.toJson().keySet()).containsExactly("id", "type", "createdAt", "workspaceId", "data");
        assertThat(envelope.data().getString("url")).isEqualTo("https://x");
    }
}
