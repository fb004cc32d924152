package com.promptfloe.webhooks.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.promptfloe.webhooks.examples.runner.probe.lib.ProbeEvent;

/**
 * Proves the embedded runtime gives a WAR what the library relies on: a ServletContainerInitializer
 * and a CDI extension found in a WEB-INF/lib jar, {@code @Inject} in a filter that initializer added,
 * CDI observers in WEB-INF/classes, and MicroProfile Config reading the WAR's own properties.
 */
class ExampleServerTest {

    private static final String PROBE = "com/promptfloe/webhooks/examples/runner/probe/";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void deploysLibraryInitializerExtensionObserversAndConfig() throws Exception {
        Path war = probeWar();
        try (ExampleServer server = ExampleServer.builder(war).port(0).start()) {
            assertThat(server.baseUri().getPort()).isPositive();
            HttpResponse<String> first = get(server.baseUri().resolve("probe/x?id=one"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
            assertThat(first.headers().firstValue("X-Probe-Config")).hasValue("from-the-war");
            assertThat(get(server.baseUri().resolve("probe/x?id=two")).statusCode()).isEqualTo(204);

            HttpResponse<String> seen = get(server.baseUri().resolve("seen"));
            assertThat(seen.body()).isEqualTo("observers=1 seen=[one, two]");
            assertThat(server.config("probe.value")).hasValue("from-the-war");
            assertThat(server.webhookUri()).isEqualTo(server.baseUri().resolve("webhooks/promptfloe"));
            assertThat(server.receivedUri()).isEqualTo(server.baseUri().resolve("received"));
        }
    }

    @Test
    void hidesMicroProfileConfigWhenAskedTo() throws Exception {
        Path war = probeWar();
        try (ExampleServer server = ExampleServer.builder(war).port(0).contextPath("/app")
                .microProfileConfig(false).start()) {
            assertThat(server.baseUri().getPath()).isEqualTo("/app/");
            HttpResponse<String> response = get(server.baseUri().resolve("probe/x?id=three"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
            assertThat(response.headers().firstValue("X-Probe-Config")).hasValue("<no MicroProfile Config>");
            assertThat(server.config("probe.value")).isEmpty();
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An exploded WAR: the probe "application" in WEB-INF/classes, the probe "library" in WEB-INF/lib. */
    private Path probeWar() throws IOException, URISyntaxException {
        Path classes = Path.of(ProbeEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path war = dir.resolve("probe-war");
        Path webInfClasses = war.resolve("WEB-INF/classes");
        copyTree(classes.resolve(PROBE + "app"), webInfClasses.resolve(PROBE + "app"));
        Files.createDirectories(webInfClasses.resolve("META-INF"));
        Files.writeString(webInfClasses.resolve("META-INF/microprofile-config.properties"), "probe.value=from-the-war\n");
        Files.createDirectories(war.resolve("WEB-INF/lib"));
        // Weld Servlet only scans WEB-INF/classes when it is marked as a bean archive.
        Files.writeString(war.resolve("WEB-INF/beans.xml"), """
                <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
                """);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(war.resolve("WEB-INF/lib/probe-lib.jar")));
                Stream<Path> files = Files.list(classes.resolve(PROBE + "lib"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                put(jar, PROBE + "lib/" + file.getFileName(), Files.readAllBytes(file));
            }
            put(jar, "META-INF/services/jakarta.servlet.ServletContainerInitializer",
                    "com.promptfloe.webhooks.examples.runner.probe.lib.ProbeInitializer\n");
            put(jar, "META-INF/services/jakarta.enterprise.inject.spi.Extension",
                    "com.promptfloe.webhooks.examples.runner.probe.lib.ProbeExtension\n");
            put(jar, "META-INF/web-fragment.xml", """
                    <web-fragment xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                      <name>probe</name>
                    </web-fragment>
                    """);
        }
        return war;
    }

    private static void put(JarOutputStream jar, String name, String text) throws IOException {
        put(jar, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        Files.copy(file, out);
                    }
                }
            }
        }
    }
}
