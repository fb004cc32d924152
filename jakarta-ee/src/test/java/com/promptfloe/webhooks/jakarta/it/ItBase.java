package com.promptfloe.webhooks.jakarta.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Shared by every IT: builds the WAR the way a user's build would (our JAR, core and Caffeine in
 * WEB-INF/lib) and talks to the deployed application over loopback HTTP.
 */
abstract class ItBase {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A WAR with the library in WEB-INF/lib, as a user would package it. */
    static WebArchive war(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsLibraries(libraryJar(), jar("it.core.jar", "promptfloe-webhooks-core.jar"),
                        jar("it.caffeine.jar", "caffeine.jar"));
    }

    /** This module's classes and resources (web-fragment.xml, META-INF/services) as one JAR. */
    static JavaArchive libraryJar() {
        File classes = new File("target/classes");
        require(classes.isDirectory(), "target/classes is missing: run the ITs through Maven (mvn verify)");
        return ShrinkWrap.create(ExplodedImporter.class, "promptfloe-webhooks-jakarta-ee.jar")
                .importDirectory(classes).as(JavaArchive.class);
    }

    private static JavaArchive jar(String property, String name) {
        String path = System.getProperty(property);
        require(path != null && !path.isBlank(), "system property " + property
                + " is not set: run the ITs through Maven (mvn verify), which passes the dependency paths");
        File file = new File(path);
        require(file.exists(), property + " points to a missing file: " + file);
        if (file.isDirectory()) {
            return ShrinkWrap.create(ExplodedImporter.class, name).importDirectory(file).as(JavaArchive.class);
        }
        return ShrinkWrap.create(ZipImporter.class, name).importFrom(file).as(JavaArchive.class);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    static URI uri(URL base, String path) {
        return URI.create(base.toExternalForm().replaceAll("/$", "") + path);
    }

    static HttpResponse<String> get(URL base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(base, path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
