package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.Observers;
import com.promptfloe.webhooks.jakarta.it.app.RecorderServlet;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the status table, through the automatically registered filter in dispatch mode. */
@ExtendWith(ArquillianExtension.class)
class StatusTableIT extends ItBase {

    private static final String SECRET = "whsec_status_table";
    private static final String PATH = "/webhooks/promptfloe";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return war("status-table").addClasses(CallRecorder.class, Observers.class, RecorderServlet.class)
                .setWebXML(new StringAsset(webXml("", "promptfloe.webhooks.secret", "whsec_old, " + SECRET,
                        "promptfloe.webhooks.max-body-size", "4096")));
    }

    @ArquillianResource
    URL base;

    @Test
    void anythingButPostIs405() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(base, PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).isEqualTo(json(405, "method_not_allowed"));
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aContentTypeOtherThanJsonIs415() throws Exception {
        String id = uniqueId("evt");
        HttpResponse<String> response = send(delivery(base, PATH, SECRET, uniqueId("dlv"), "deployment.live",
                live(id, "app")).setHeader("Content-Type", "text/plain"));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).isEqualTo(json(415, "unsupported_media_type"));
        assertThat(count(base, "any:" + id)).isZero();
    }

    @Test
    void aBodyOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
        String id = uniqueId("evt");
        String big = live(id, "x".repeat(5000));
        HttpResponse<String> declared = post(base, PATH, SECRET, uniqueId("dlv"), big);
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = send(delivery(base, PATH, SECRET, uniqueId("dlv"), "deployment.live", big)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).isEqualTo(json(413, "payload_too_large"));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(count(base, "any:" + id)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {WebhookHeaders.SIGNATURE, WebhookHeaders.DELIVERY, WebhookHeaders.EVENT})
    void aMissingHeaderIs400NamingIt(String header) throws Exception {
        String id = uniqueId("evt");
        byte[] body = live(id, "app").getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(base, PATH)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!header.equals(WebhookHeaders.SIGNATURE)) {
            request.header(WebhookHeaders.SIGNATURE, Signer.of(Secret.of(SECRET)).header(Instant.now(), body));
        }
        if (!header.equals(WebhookHeaders.DELIVERY)) {
            request.header(WebhookHeaders.DELIVERY, uniqueId("dlv"));
        }
        if (!header.equals(WebhookHeaders.EVENT)) {
            request.header(WebhookHeaders.EVENT, "deployment.live");
        }

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"status\":400,\"reason\":\"missing_header\",\"header\":\"" + header
                + "\"}");
    }

    @Test
    void signatureFailuresAre401WithTheirReason() throws Exception {
        String id = uniqueId("evt");
        String body = live(id, "app");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> malformed = send(delivery(base, PATH, SECRET, uniqueId("dlv"), "deployment.live", body)
                .setHeader(WebhookHeaders.SIGNATURE, "not-a-signature"));
        HttpResponse<String> stale = send(delivery(base, PATH, SECRET, uniqueId("dlv"), "deployment.live", body)
                .setHeader(WebhookHeaders.SIGNATURE, Signer.of(Secret.of(SECRET))
                        .header(Instant.now().minus(Duration.ofMinutes(10)), bytes)));
        HttpResponse<String> wrongSecret = post(base, PATH, "whsec_someone_else", uniqueId("dlv"), body);

        assertThat(malformed.body()).isEqualTo(json(401, "signature_malformed"));
        assertThat(stale.body()).isEqualTo(json(401, "timestamp_outside_tolerance"));
        assertThat(wrongSecret.body()).isEqualTo(json(401, "signature_mismatch"));
        assertThat(List.of(malformed.statusCode(), stale.statusCode(), wrongSecret.statusCode()))
                .containsOnly(401);
        assertThat(count(base, "any:" + id)).isZero();
    }

    @Test
    void aSignedBodyThatIsNotAnEnvelopeIs400() throws Exception {
        HttpResponse<String> response = post(base, PATH, SECRET, uniqueId("dlv"), "{\"id\": \"evt_1\", oops");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(json(400, "malformed_payload"));
    }

    @Test
    void aTypeOtherThanTheEventHeaderIs400() throws Exception {
        String id = uniqueId("evt");
        HttpResponse<String> response = send(delivery(base, PATH, SECRET, uniqueId("dlv"), "app.generated",
                live(id, "app")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(json(400, "type_mismatch"));
        assertThat(count(base, "any:" + id)).isZero();
    }

    @Test
    void aNewDeliveryIsProcessedOnceAndItsRetriesAreDuplicates() throws Exception {
        String id = uniqueId("evt");
        String delivery = uniqueId("dlv");

        HttpResponse<String> first = send(delivery(base, PATH, SECRET, delivery, "deployment.live", live(id, "app"))
                .setHeader("Content-Type", "application/json; charset=utf-8"));
        HttpResponse<String> retry = post(base, PATH, SECRET, delivery, live(id, "app"));
        HttpResponse<String> forgedDeliveryId = post(base, PATH, SECRET, uniqueId("dlv"), live(id, "app"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(json(200, "processed"));
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(json(200, "duplicate"));
        assertThat(forgedDeliveryId.body()).isEqualTo(json(200, "duplicate"));
        assertThat(count(base, "live:" + id)).isEqualTo(1);
        assertThat(count(base, "any:" + id)).isEqualTo(1);
        assertThat(get(base, "/test/order?id=" + id).body()).as("@Priority order").isEqualTo("live,any");
        awaitTrue("the async observer", () -> count(base, "async:" + id) == 1);
    }

    @Test
    void anUnknownTypeReachesObserversOfTheSupertype() throws Exception {
        String id = uniqueId("evt");
        String body = "{\"id\":\"" + id + "\",\"type\":\"widget.created\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"data\":{\"widget\":1}}";

        HttpResponse<String> response = send(delivery(base, PATH, SECRET, uniqueId("dlv"), "widget.created", body));

        assertThat(response.body()).isEqualTo(json(200, "processed"));
        assertThat(count(base, "unknown:" + id)).isEqualTo(1);
        assertThat(count(base, "any:" + id)).isEqualTo(1);
    }

    @Test
    void anObserverThatThrowsGives500AndTheRetryIsProcessedExactlyOnce() throws Exception {
        String id = uniqueId("evt");
        String delivery = uniqueId("dlv");

        HttpResponse<String> failed = post(base, PATH, SECRET, delivery, live(id, "fail-once"));
        HttpResponse<String> retry = post(base, PATH, SECRET, delivery, live(id, "fail-once"));
        HttpResponse<String> again = post(base, PATH, SECRET, delivery, live(id, "fail-once"));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo(json(500, "handler_failed"));
        assertThat(retry.body()).isEqualTo(json(200, "processed"));
        assertThat(again.body()).isEqualTo(json(200, "duplicate"));
        assertThat(count(base, "live-attempt:" + id)).isEqualTo(2);
        assertThat(count(base, "live:" + id)).isEqualTo(1);
        assertThat(count(base, "async:" + id)).as("async observers only after success").isLessThanOrEqualTo(1);
    }

    @Test
    void concurrentDuplicatesAre409WhileTheFirstIsInFlightAndProcessedOnce() throws Exception {
        String id = uniqueId("evt");
        String delivery = uniqueId("dlv");
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(HTTP.sendAsync(delivery(base, PATH, SECRET, delivery, "deployment.live", live(id, "block"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        awaitTrue("one request inside the observer", () -> Boolean.parseBoolean(
                get(base, "/test/entered?id=" + id).body().strip()));
        awaitTrue("the other five answered", () -> responses.stream().filter(CompletableFuture::isDone).count() == 5);
        List<HttpResponse<String>> early = responses.stream().filter(CompletableFuture::isDone)
                .map(CompletableFuture::join).toList();

        HTTP.send(HttpRequest.newBuilder(uri(base, "/test/release?id=" + id))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        List<HttpResponse<String>> all = responses.stream().map(CompletableFuture::join).toList();
        HttpResponse<String> later = post(base, PATH, SECRET, delivery, live(id, "block"));

        assertThat(early).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body()).isEqualTo(json(409, "in_flight"));
            assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        });
        assertThat(all).extracting(HttpResponse::body).containsOnlyOnce(json(200, "processed"));
        assertThat(later.body()).isEqualTo(json(200, "duplicate"));
        assertThat(count(base, "live-attempt:" + id)).isEqualTo(1);
        assertThat(count(base, "live:" + id)).isEqualTo(1);
    }
}
