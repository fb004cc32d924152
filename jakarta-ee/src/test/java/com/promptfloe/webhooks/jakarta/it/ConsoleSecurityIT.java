package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runtime enforces the console's constraint: the users are the server's (WildFly's
 * application-users.properties, Liberty's basicRegistry; see src/it-config), the login is the
 * application's BASIC login-config, and the roles are the console's defaults.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleSecurityIT extends ItBase {

    private static final String SECRET = "whsec_console_security_it";
    private static final String CONSOLE = "/promptfloe-console";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return war("console-security").setWebXML(new StringAsset(webXml(CONSOLE_LOGIN,
                "promptfloe.webhooks.secret", SECRET, "promptfloe.webhooks.console.enabled", "true")));
    }

    @ArquillianResource
    URL base;

    private HttpResponse<String> call(String method, String path, String user, String csrf, String form)
            throws IOException, InterruptedException {
        return console(base, method, path, user, csrf, form);
    }

    @Test
    void withoutLoginTheConsoleAnswers401() throws Exception {
        HttpResponse<String> page = call("GET", CONSOLE + "/", null, null, null);
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).doesNotContain("table id=\"endpoints\"");
        assertThat(call("GET", CONSOLE + "/api/overview", null, null, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", CONSOLE + "/inbox/redrive", null, null, "endpoint=default&deliveryId=x").statusCode())
                .isEqualTo(401);
    }

    @Test
    void aUserWithoutTheRolesIsRefused() throws Exception {
        assertThat(call("GET", CONSOLE + "/", "olaf", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aViewerSeesThePagesAndTheJournalButCannotPost() throws Exception {
        String deliveryId = uniqueId("deliv_console");
        assertThat(post(base, "/webhooks/promptfloe", SECRET, deliveryId, live(uniqueId("evt"), "app_console"))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> page = call("GET", CONSOLE + "/", "vera", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<table id=\"endpoints\"", "<tr data-endpoint=\"default\">", "(set)")
                .doesNotContain(SECRET);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "frame-ancestors 'none'"));
        HttpResponse<String> deliveries = call("GET", CONSOLE + "/api/deliveries?q=" + deliveryId, "vera", null, null);
        assertThat(deliveries.statusCode()).isEqualTo(200);
        assertThat(deliveries.body()).as("the filter's journal listener recorded the delivery")
                .contains("\"deliveryId\":\"" + deliveryId + "\"", "\"outcome\":\"processed\"");
        String token = deliveries.headers().firstValue("X-CSRF-Token").orElseThrow();
        HttpResponse<String> refused = call("POST", CONSOLE + "/inbox/redrive", "vera", token,
                "endpoint=default&deliveryId=" + deliveryId);
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminPostNeedsTheCsrfToken() throws Exception {
        HttpResponse<String> withoutToken = call("POST", CONSOLE + "/inbox/redrive", "ada", null,
                "endpoint=default&deliveryId=deliv_x");
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("CSRF");
        String token = call("GET", CONSOLE + "/api/overview", "ada", null, null).headers()
                .firstValue("X-CSRF-Token").orElseThrow();
        HttpResponse<String> wrongToken = call("POST", CONSOLE + "/inbox/redrive", "ada", token + "x",
                "endpoint=default&deliveryId=deliv_x");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        // Past every check: this application is in dispatch mode, so the console answers that it has
        // nothing to re-drive (409), which only an admin with the right token gets to hear.
        HttpResponse<String> accepted = call("POST", CONSOLE + "/inbox/redrive", "ada", null,
                "endpoint=default&deliveryId=deliv_x&_csrf=" + token);
        assertThat(accepted.statusCode()).isEqualTo(409);
        assertThat(accepted.body()).contains("not in inbox mode");
        HttpResponse<String> api = call("POST", CONSOLE + "/api/inbox/redrive", "ada", token,
                "endpoint=default&deliveryId=deliv_x");
        assertThat(api.statusCode()).isEqualTo(409);
    }
}
