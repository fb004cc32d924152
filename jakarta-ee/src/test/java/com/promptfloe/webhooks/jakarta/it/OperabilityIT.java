package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.Observers;
import com.promptfloe.webhooks.jakarta.it.app.ProxiedDataSource;
import com.promptfloe.webhooks.jakarta.it.app.RecorderServlet;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runtime's own health endpoint reports the library's readiness: DOWN while the JDBC ledger's
 * database cannot be reached, UP again once it is back (MicroProfile Health on WildFly's
 * standalone-microprofile.xml and Open Liberty's mpHealth feature); on WildFly, whose micrometer
 * subsystem serves a Prometheus scrape, the delivery counter matches the deliveries sent.
 */
@ExtendWith(ArquillianExtension.class)
class OperabilityIT extends ItBase {

    private static final String SECRET = "whsec_operability";
    private static final String PATH = "/webhooks/promptfloe";
    private static final TcpProxy DATABASE = new TcpProxy(15432, 5432);
    // A table of this run's own: one left by an earlier run (or by an older layout of the ledger,
    // which the ledger refuses) must not decide this run. Dropped afterwards.
    private static final String TABLE = "pfw_it_operability_" + Long.toHexString(System.nanoTime());

    @Deployment(testable = false)
    static WebArchive application() {
        return war("operability").addClasses(CallRecorder.class, Observers.class, RecorderServlet.class,
                ProxiedDataSource.class).addAsLibraries(jar("it.postgresql.jar", "postgresql.jar"))
                .setWebXML(new StringAsset(webXml("", "promptfloe.webhooks.secret", SECRET,
                        "promptfloe.webhooks.ledger", "jdbc",
                        "promptfloe.webhooks.ledger.datasource", dataSource(),
                        "promptfloe.webhooks.ledger.table", TABLE,
                        "promptfloe.webhooks.journal.table", TABLE + "_journal")));
    }

    /**
     * On WildFly the server's own data source, which validates its connections (operability.cli): the
     * pool of a {@code @DataSourceDefinition} cannot be told to, and keeps the connections an outage
     * broke. Elsewhere {@link ProxiedDataSource}'s, whose pool drops them.
     */
    private static String dataSource() {
        return "wildfly".equals(System.getProperty("it.runtime")) ? "java:jboss/datasources/PfwOperability"
                : "java:app/jdbc/promptfloe";
    }

    @ArquillianResource
    URL application;

    @BeforeAll
    static void databaseUp() throws Exception {
        Postgres.execute("SELECT 1");
        DATABASE.up();
    }

    @AfterAll
    static void closeProxy() throws Exception {
        DATABASE.close();
        Postgres.execute("DROP TABLE IF EXISTS " + TABLE);
        Postgres.execute("DROP TABLE IF EXISTS " + TABLE + "_journal");
    }

    private static URI readinessEndpoint() {
        String runtime = System.getProperty("it.runtime", "");
        return switch (runtime) {
            case "wildfly" -> URI.create("http://127.0.0.1:9990/health/ready");
            case "liberty" -> URI.create("http://127.0.0.1:9080/health/ready");
            default -> throw new IllegalStateException("it.runtime '" + runtime + "' has no known health endpoint:"
                    + " run this IT through Maven with the wildfly or liberty profile");
        };
    }

    /** Our check in the runtime's readiness answer. */
    private static JsonObject readiness() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(readinessEndpoint())
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            JsonObject health = reader.readObject();
            JsonObject ours = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> check.getString("name").equals("promptfloe-webhooks")).findFirst()
                    .orElseThrow(() -> new AssertionError("no promptfloe-webhooks check in " + response.body()));
            assertThat(response.statusCode()).as(response.body())
                    .isEqualTo(ours.getString("status").equals("UP") ? 200 : 503);
            return ours;
        }
    }

    private static void awaitStatus(String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject last = readiness();
        while (!last.getString("status").equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness never became " + status + ": " + last);
            }
            Thread.sleep(500);
            last = readiness();
        }
    }

    @Test
    void readinessFollowsTheLedgersDatabaseDownAndUpAgain() throws Exception {
        String first = uniqueId("evt");
        assertThat(post(application, PATH, SECRET, uniqueId("dlv"), live(first, "app")).body())
                .isEqualTo(json(200, "processed"));
        awaitStatus("UP");
        JsonObject up = readiness();
        assertThat(up.getJsonObject("data").getString("ledger")).isEqualTo("jdbc");
        assertThat(up.getJsonObject("data").getString("endpoints")).isEqualTo("default");

        DATABASE.down();
        try {
            awaitStatus("DOWN");
            assertThat(readiness().getJsonObject("data").getString("reason")).startsWith("ledger: ");
            HttpResponse<String> refused = post(application, PATH, SECRET, uniqueId("dlv"), live(uniqueId("evt"),
                    "app"));
            assertThat(refused.statusCode()).isEqualTo(503);
        } finally {
            DATABASE.up();
        }
        awaitStatus("UP");
        assertThat(post(application, PATH, SECRET, uniqueId("dlv"), live(uniqueId("evt"), "app")).body())
                .isEqualTo(json(200, "processed"));

        if ("wildfly".equals(System.getProperty("it.runtime"))) {
            // WildFly's micrometer subsystem scrapes the library's Micrometer counter; Open Liberty's
            // mpTelemetry exports OpenTelemetry metrics over OTLP only, so there is nothing to read there.
            String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9990/prometheus"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(deliveries(scrape, "processed")).as(scrape).isEqualTo(2);
            assertThat(deliveries(scrape, "ledger_unavailable")).as(scrape).isEqualTo(1);
        }
    }

    /** The sum of the delivery counter's series with one outcome, from a Prometheus scrape. */
    private static double deliveries(String scrape, String outcome) {
        return scrape.lines().filter(line -> line.startsWith("promptfloe_webhooks_deliveries_total{"))
                .filter(line -> line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
