package com.promptfloe.webhooks.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {

    private final EventParser parser = EventParser.create();

    private static byte[] envelope(String type, String data) {
        return ("{\"id\":\"evt_1\",\"type\":\"" + type + "\",\"createdAt\":\"2026-04-26T12:34:56.789Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    private PromptFloeEvent parse(String type, String data) throws MalformedEventException {
        return parser.parse(envelope(type, data), "deliv_1", type);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyDocumentedTypeHasItsOwnRecordAndTheEnvelope(EventType type) throws Exception {
        PromptFloeEvent event = parse(type.wireName(), "{\"extra\":true}");
        assertThat(event).isExactlyInstanceOf(type.eventClass());
        assertThat(event.id()).isEqualTo("evt_1");
        assertThat(event.type()).isEqualTo(type.wireName());
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-04-26T12:34:56.789Z"));
        assertThat(event.workspaceId()).isEqualTo("ws_1");
        assertThat(event.deliveryId()).isEqualTo("deliv_1");
        assertThat(event.data().getBoolean("extra")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void parsingWithoutTheHeaderGivesTheSameEvent(EventType type) throws Exception {
        byte[] body = envelope(type.wireName(), "{\"appId\":\"app_1\"}");
        assertThat(parser.parse(body, "deliv_1")).isEqualTo(parser.parse(body, "deliv_1", type.wireName()));
    }

    @Test
    void thirteenDocumentedTypesWithDistinctRecords() {
        assertThat(EventType.values()).hasSize(13);
        assertThat(Arrays.stream(EventType.values()).map(EventType::eventClass).distinct()).hasSize(13);
        assertThat(EventType.fromWireName("deployment.live")).contains(EventType.DEPLOYMENT_LIVE);
        assertThat(EventType.fromWireName("nope")).isEmpty();
        assertThat(EventType.fromWireName(null)).isEmpty();
    }

    @Test
    void deploymentLiveFields() throws Exception {
        DeploymentLive live = (DeploymentLive) parse("deployment.live",
                "{\"deploymentId\":\"dep_1\",\"appId\":\"app_1\",\"siteName\":\"demo\",\"url\":\"https://demo.example\"}");
        assertThat(live.deploymentId()).isEqualTo("dep_1");
        assertThat(live.appId()).isEqualTo("app_1");
        assertThat(live.siteName()).isEqualTo("demo");
        assertThat(live.url()).isEqualTo("https://demo.example");
    }

    @Test
    void appGeneratedFields() throws Exception {
        AppGenerated generated = (AppGenerated) parse("app.generated", "{\"appId\":\"app_1\",\"chatId\":\"chat_1\","
                + "\"previewUrl\":\"https://p.example\",\"durationMs\":42150,\"tokensUsed\":12345678901}");
        assertThat(generated).extracting(AppGenerated::appId, AppGenerated::chatId, AppGenerated::previewUrl,
                AppGenerated::durationMs, AppGenerated::tokensUsed)
                .containsExactly("app_1", "chat_1", "https://p.example", 42150L, 12345678901L);
    }

    @Test
    void appFailedFields() throws Exception {
        AppFailed failed = (AppFailed) parse("app.failed",
                "{\"chatId\":\"chat_1\",\"code\":\"GENERATION_TIMEOUT\",\"message\":\"took too long\"}");
        assertThat(failed).extracting(AppFailed::chatId, AppFailed::code, AppFailed::message)
                .containsExactly("chat_1", "GENERATION_TIMEOUT", "took too long");
    }

    @Test
    void skillCompletedFieldsWithInsights() throws Exception {
        SkillCompleted done = (SkillCompleted) parse("skill.completed", "{\"runId\":\"run_1\",\"alias\":\"critic\","
                + "\"kind\":\"critique\",\"markdown\":\"# Report\",\"insights\":[{\"title\":\"Slow LCP\",\"score\":3},"
                + "{\"title\":\"No alt text\"}],\"tokensUsed\":900}");
        assertThat(done.runId()).isEqualTo("run_1");
        assertThat(done.alias()).isEqualTo("critic");
        assertThat(done.kind()).isEqualTo("critique");
        assertThat(done.markdown()).isEqualTo("# Report");
        assertThat(done.tokensUsed()).isEqualTo(900L);
        assertThat(done.insights()).hasSize(2);
        assertThat(done.insights().get(0).text("title")).contains("Slow LCP");
        assertThat(done.insights().get(0).json().getInt("score")).isEqualTo(3);
        assertThat(done.insights().get(1).text("score")).isEmpty();
    }

    @Test
    void augmenterAppliedFields() throws Exception {
        AugmenterApplied applied = (AugmenterApplied) parse("augmenter.applied", "{\"runId\":\"run_2\","
                + "\"alias\":\"seo\",\"appId\":\"app_1\",\"filesChanged\":7,\"idempotencyKey\":\"idem_1\"}");
        assertThat(applied).extracting(AugmenterApplied::runId, AugmenterApplied::alias, AugmenterApplied::appId,
                AugmenterApplied::filesChanged, AugmenterApplied::idempotencyKey)
                .containsExactly("run_2", "seo", "app_1", 7, "idem_1");
    }

    @Test
    void unknownTypeIsAGenericEventWithItsData() throws Exception {
        PromptFloeEvent event = parse("widget.exploded", "{\"size\":\"large\"}");
        assertThat(event).isInstanceOf(UnknownEvent.class);
        assertThat(event.type()).isEqualTo("widget.exploded");
        assertThat(event.data().getString("size")).isEqualTo("large");
    }

    @Test
    void unknownFieldsAreIgnoredAndKeptInData() throws Exception {
        DeploymentLive live = (DeploymentLive) parse("deployment.live",
                "{\"url\":\"https://x.example\",\"region\":\"eu\",\"nested\":{\"a\":[1,2]}}");
        assertThat(live.url()).isEqualTo("https://x.example");
        assertThat(live.data().getString("region")).isEqualTo("eu");
        assertThat(live.data().getJsonObject("nested").getJsonArray("a")).hasSize(2);
    }

    @Test
    void envelopeWithoutDataStillGivesTheTypedEvent() throws Exception {
        byte[] body = "{\"id\":\"evt_9\",\"type\":\"deployment.live\"}".getBytes(StandardCharsets.UTF_8);
        DeploymentLive live = (DeploymentLive) parser.parse(body, "deliv_9", "deployment.live");
        assertThat(live.url()).isNull();
        assertThat(live.createdAt()).isNull();
        assertThat(live.workspaceId()).isNull();
        assertThat(live.data()).isEmpty();
    }

    @Test
    void headerTypePicksTheBindingButTheBodyTypeIsReported() throws Exception {
        PromptFloeEvent event = parser.parse(envelope("app.generated", "{}"), "deliv_1", "deployment.live");
        assertThat(event.type()).isEqualTo("app.generated");
    }

    static Stream<String> malformedBodies() {
        return Stream.of("", "not json", "[1,2]", "null", "{\"type\":\"deployment.live\"}",
                "{\"id\":\"evt_1\"}", "{\"id\":\"\",\"type\":\"deployment.live\"}",
                "{\"id\":\"evt_1\",\"type\":\"deployment.live\",\"createdAt\":\"yesterday\"}",
                "{\"id\":\"evt_1\",\"type\":\"deployment.live\"");
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void malformedBodiesAreRefusedWithAClearMessage(String body) {
        for (String hint : new String[] {"deployment.live", "app.generated", "thing.new"}) {
            assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8), "deliv_1", hint))
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessageMatching("(?s)(the body is|the envelope has).*");
        }
    }

    @Test
    void documentedFieldOfTheWrongJsonTypeIsRefused() {
        byte[] body = envelope("app.generated", "{\"durationMs\":\"slow\"}");
        assertThatThrownBy(() -> parser.parse(body, "d", "app.generated")).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("the body is not a PromptFloe event envelope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"data\":[1]", "\"data\":\"text\""})
    void nonObjectDataIsRefusedForTypedEvents(String data) {
        byte[] body = ("{\"id\":\"evt_1\",\"type\":\"deployment.live\"," + data + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(body, "d", "deployment.live")).isInstanceOf(MalformedEventException.class);
    }

    /** Found by EventParserFuzzTest: an untyped envelope let a non-object data out as a ClassCastException. */
    @ParameterizedTest
    @ValueSource(strings = {"\"data\":[1,2]", "\"data\":\"text\"", "\"data\":7", "\"data\":true"})
    void nonObjectDataIsRefusedForUnknownTypes(String data) {
        byte[] body = ("{\"id\":\"evt_3\",\"type\":\"future.type\"," + data + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(body, "d", "future.type")).isInstanceOf(MalformedEventException.class)
                .hasMessage("the envelope's \"data\" is not a JSON object");
        assertThatThrownBy(() -> parser.parse(body, "d")).isInstanceOf(MalformedEventException.class);
    }

    /**
     * Found by EventParserFuzzTest: a truncated array or object in a field the model skips made
     * Parsson's skip loop forever. The bound only tells a hang from an answer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"e\",\"type\":\"deployment.live\",\"x\":[",
            "{\"id\":\"e\",\"type\":\"future.type\",\"x\":{\"a\":[}",
            "{\"id\":\"e\",\"type\":\"app.generated\",\"data\":{\"x\":{\"y\":[1,",
            "{\"id\":\"e\",\"type\":\"deployment.live\",\"x\":{"})
    void truncatedSkippedValuesAreRefusedNotLoopedOn(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (String hint : new String[] {"deployment.live", "app.generated", "future.type"}) {
            assertThatThrownBy(() -> assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> parser.parse(bytes, "d", hint)))
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessageStartingWith("the body is not a PromptFloe event envelope");
        }
    }
}
