package com.promptfloe.webhooks.jakarta.it;

import java.io.File;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Shared by every IT: builds the WAR the way a user's build would (our JAR, core and Caffeine in
 * WEB-INF/lib) and talks to the deployed application over loopback HTTP.
 */
abstract class ItBase {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** A WAR with the library in WEB-INF/lib, as a user would package it. */
    static WebArchive war(String name) {
        // An empty beans.xml (annotated discovery): the EE servers need none, but Weld on a plain servlet
        // container only starts for an explicit bean archive.
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                .addAsLibraries(libraryJar(), jar("it.core.jar", "promptfloe-webhooks-core.jar"),
                        jar("it.caffeine.jar", "caffeine.jar"), jar("it.jdbc.jar", "promptfloe-webhooks-jdbc.jar"));
    }

    /** This module's classes and resources (web-fragment.xml, META-INF/services) as one JAR. */
    static JavaArchive libraryJar() {
        File classes = new File("target/classes");
        require(classes.isDirectory(), "target/classes is missing: run the ITs through Maven (mvn verify)");
        return ShrinkWrap.create(ExplodedImporter.class, "promptfloe-webhooks-jakarta-ee.jar")
                .importDirectory(classes).as(JavaArchive.class);
    }

    static JavaArchive jar(String property, String name) {
        String path = System.getProperty(property);
        require(path != null && !path.isBlank(), "system property " + property
                + " is not set: run the ITs through Maven (mvn verify), which passes the dependency paths");
        File file = new File(path);
        require(file.exists(), property + " points to a missing file: " + file);
        if (file.isDirectory()) {
            return ShrinkWrap.create(ExplodedImporter.class, name).importDirectory(file).as(JavaArchive.class);
        }
        // Read the bytes now: a lazy import would read ~/.m2 at deploy time, when another build may be
        // replacing that very file.
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file.toPath()))) {
            return ShrinkWrap.create(ZipImporter.class, name).importFrom(in).as(JavaArchive.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** A web.xml with the given context-params and extra elements. */
    static String webXml(String extra, String... contextParams) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<web-app "
                + "xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n");
        for (int i = 0; i < contextParams.length; i += 2) {
            xml.append("  <context-param><param-name>").append(contextParams[i]).append("</param-name><param-value>")
                    .append(contextParams[i + 1]).append("</param-value></context-param>\n");
        }
        return xml.append(extra).append("</web-app>\n").toString();
    }

    static URI uri(URL base, String path) {
        return URI.create(base.toExternalForm().replaceAll("/$", "") + path);
    }

    static HttpResponse<String> get(URL base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(base, path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A call count the application recorded, read over HTTP. */
    static int count(URL base, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = get(base, "/test/count?key=" + key);
        if (response.statusCode() != 200) {
            throw new AssertionError("the recorder servlet answered " + response.statusCode());
        }
        return Integer.parseInt(response.body().strip());
    }

    /** Waits (bounded) for an application-side condition, polling over HTTP. */
    static void awaitTrue(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** A deployment.live envelope; appId picks the test observers' behaviour. */
    static String live(String eventId, String appId) {
        return "{\"id\":\"" + eventId + "\",\"type\":\"deployment.live\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{\"deploymentId\":\"dep_1\",\"appId\":\"" + appId
                + "\",\"siteName\":\"site\",\"url\":\"https://site.example\"}}";
    }

    static String uniqueId(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A delivery as PromptFloe sends it, signed now with the given secret. */
    static HttpRequest.Builder delivery(URL base, String path, String secret, String deliveryId, String type,
            String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(uri(base, path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookHeaders.SIGNATURE, Signer.of(Secret.of(secret)).header(Instant.now(), bytes))
                .header(WebhookHeaders.DELIVERY, deliveryId)
                .header(WebhookHeaders.EVENT, type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    /** The console's login of the ITs (web.xml), for users whose password is {@code <user>-it-password}. */
    static final String CONSOLE_LOGIN = "  <login-config><auth-method>BASIC</auth-method>"
            + "<realm-name>ApplicationRealm</realm-name></login-config>\n";

    /**
     * A console request as one of the ITs' users (see src/it-config), or anonymous.
     *
     * @param user ada (admin), vera (viewer), olaf (neither), or {@code null}
     * @param csrf the X-CSRF-Token header, or {@code null}
     * @param form the form body of a POST
     */
    static HttpResponse<String> console(URL base, String method, String path, String user, String csrf, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(base, path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + user + "-it-password").getBytes(StandardCharsets.UTF_8)));
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        if (method.equals("POST")) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.GET();
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(URL base, String path, String secret, String deliveryId, String body)
            throws IOException, InterruptedException {
        return send(delivery(base, path, secret, deliveryId, "deployment.live", body));
    }

    static String json(int status, String reason) {
        return "{\"status\":" + status + ",\"reason\":\"" + reason + "\"}";
    }
}
