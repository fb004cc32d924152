package com.promptfloe.webhooks.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class AdmitPathFuzzTest {

    private static final Secret SECRET = Secret.of("whsec_fuzz_secret");
    private static final Secret OTHER = Secret.of("whsec_not_the_secret");
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Set<Outcome> ACCEPTED = Set.of(Outcome.PROCESSED, Outcome.DUPLICATE);

    /**
     * The whole receive path with arbitrary headers and bodies, some signed correctly so the input
     * gets past verification: the answer is never a 5xx (the handler and the in-memory ledger never
     * fail here), a refused request reaches no handler, and it leaves nothing in the ledger: the same
     * event and delivery ids, sent properly afterwards, are processed, not answered as duplicates.
     */
    @FuzzTest(maxDuration = "10m")
    void neverFailsAndRefusesWithoutTrace(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of a campaign ({@code core/fuzz.sh}); the same check as the test. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        List<PromptFloeEvent> handled = new ArrayList<>();
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).handler(handled::add).build();

        boolean structured = data.consumeBoolean();
        String eventId = "evt_" + data.consumeAsciiString(12);
        String deliveryId = data.consumeBoolean() ? null : data.consumeString(140);
        String type = data.pickValue(new String[] {"deployment.live", "app.generated", "skill.completed", "other.type", ""});
        String eventHeader = data.consumeBoolean() ? type : data.consumeBoolean() ? null : data.consumeString(40);
        int signing = data.consumeInt(0, 3);
        long skew = data.consumeLong(-900, 900);
        String rawSignature = signing == 0 ? data.consumeString(200) : null;
        byte[] body = structured
                ? envelope(eventId, type, data.consumeString(60), data.consumeString(200))
                : data.consumeRemainingAsBytes();

        Map<String, String> headers = new HashMap<>();
        if (deliveryId != null) {
            headers.put(WebhookHeaders.DELIVERY, deliveryId);
        }
        if (eventHeader != null) {
            headers.put(WebhookHeaders.EVENT, eventHeader);
        }
        Instant signedAt = NOW.plusSeconds(skew);
        switch (signing) {
            case 0 -> headers.put(WebhookHeaders.SIGNATURE, rawSignature);
            case 1 -> headers.put(WebhookHeaders.SIGNATURE, Signer.of(SECRET).header(signedAt, body));
            case 2 -> headers.put(WebhookHeaders.SIGNATURE, Signer.of(OTHER).header(signedAt, body));
            default -> { }
        }

        ReceiveResult result = receiver.receive(headers::get, body);

        assertThat(result.httpStatus()).as("%s", result).isLessThan(500);
        if (!ACCEPTED.contains(result.outcome())) {
            assertThat(handled).as("a refused request reached the handler: %s", result).isEmpty();
            if (structured && deliveryId != null && !deliveryId.isBlank() && deliveryId.length() <= 128) {
                byte[] proper = envelope(eventId, "deployment.live", "2026-11-29T12:00:00Z", "ok");
                ReceiveResult probe = receiver.receive(Map.of(WebhookHeaders.DELIVERY, deliveryId,
                        WebhookHeaders.EVENT, "deployment.live",
                        WebhookHeaders.SIGNATURE, Signer.of(SECRET).header(NOW, proper))::get, proper);
                assertThat(probe.outcome()).as("after a refused %s, a proper delivery of the same ids", result)
                        .isEqualTo(Outcome.PROCESSED);
            }
        } else if (result.outcome() == Outcome.PROCESSED) {
            assertThat(handled).hasSize(1);
            assertThat(handled.get(0).deliveryId()).isEqualTo(deliveryId);
        }
    }

    private static byte[] envelope(String id, String type, String createdAt, String workspace) {
        return Json.createObjectBuilder().add("id", id).add("type", type).add("createdAt", createdAt)
                .add("workspaceId", workspace).add("data", Json.createObjectBuilder().add("url", "https://x.example"))
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }
}
