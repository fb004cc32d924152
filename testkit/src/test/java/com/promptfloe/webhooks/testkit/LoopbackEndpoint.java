package com.promptfloe.webhooks.testkit;

import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.SignatureVerifier;
import com.promptfloe.webhooks.VerificationException;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook endpoint on 127.0.0.1 and an ephemeral port, receiving with core's WebhookReceiver and
 * answering as the servlet filter does ({"status":..,"reason":..}); scripted answers can go first.
 */
public final class LoopbackEndpoint implements AutoCloseable {

    /** One request as it arrived, and whether core's verifier accepted its signature at that moment. */
    public record Received(Map<String, List<String>> headers, byte[] body, Long verifiedTimestamp, String verificationFailure) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final WebhookReceiver receiver;
    private final SignatureVerifier verifier;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<PromptFloeEvent> handled = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean naive;
    private volatile String failMarkedField;
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** A scripted answer that holds the response until the endpoint is closed. */
    public static final int HOLD = -1;

    private LoopbackEndpoint(Secret secret, Clock clock) throws IOException {
        this.receiver = WebhookReceiver.builder().secret(secret).clock(clock).handler(this::handleEvent).build();
        this.verifier = SignatureVerifier.builder().secret(secret).clock(clock).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/webhooks/promptfloe", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static LoopbackEndpoint start(Secret secret, Clock clock) throws IOException {
        return new LoopbackEndpoint(secret, clock);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/promptfloe");
    }

    /** Answers the next requests with these statuses (or {@link #HOLD}) before receiving normally. */
    public LoopbackEndpoint answerFirst(Integer... statuses) {
        Collections.addAll(script, statuses);
        return this;
    }

    /** Answers 200 processed to everything without verifying, as a careless receiver would. */
    public LoopbackEndpoint naive() {
        naive = true;
        return this;
    }

    /** The handler throws for the first {@code times} events whose data holds {@code field: true}, as a flaky observer. */
    public LoopbackEndpoint failMarked(String field, int times) {
        failuresLeft.set(times);
        failMarkedField = field;
        return this;
    }

    private void handleEvent(PromptFloeEvent event) {
        String field = failMarkedField;
        if (field != null && event.data().getBoolean(field, false) && failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("simulated failure of " + event.id());
        }
        handled.add(event);
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<PromptFloeEvent> handled() {
        return new ArrayList<>(handled);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Headers headers = exchange.getRequestHeaders();
            Long timestamp = null;
            String failure = null;
            try {
                timestamp = verifier.verify(headers.getFirst(WebhookHeaders.SIGNATURE), body);
            } catch (VerificationException e) {
                failure = e.reason().name();
            }
            received.add(new Received(Map.copyOf(headers), body, timestamp, failure));
            Integer scripted = script.poll();
            if (scripted != null && scripted == HOLD) {
                release.await(5, TimeUnit.SECONDS);
                answer(exchange, 200, "{\"status\":200,\"reason\":\"released\"}");
                return;
            }
            if (scripted != null) {
                answer(exchange, scripted, "{\"status\":" + scripted + ",\"reason\":\"scripted\"}");
                return;
            }
            if (naive) {
                answer(exchange, 200, "{\"status\":200,\"reason\":\"processed\"}");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{\"status\":405,\"reason\":\"method_not_allowed\"}");
                return;
            }
            ReceiveResult result = receiver.receive(headers::getFirst, body);
            answer(exchange, result.httpStatus(), "{\"status\":" + result.httpStatus() + ",\"reason\":\""
                    + result.reason() + "\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
