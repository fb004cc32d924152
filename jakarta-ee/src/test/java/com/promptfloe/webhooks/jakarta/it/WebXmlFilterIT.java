package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.CountingLedger;
import com.promptfloe.webhooks.jakarta.it.app.Observers;
import com.promptfloe.webhooks.jakarta.it.app.RecorderServlet;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The filter declared by hand in web.xml with init-params: those win over context-params, the
 * automatic registration stands aside, and an application DeliveryLedger bean replaces the default.
 */
@ExtendWith(ArquillianExtension.class)
class WebXmlFilterIT extends ItBase {

    private static final String INIT_PARAM_SECRET = "whsec_init_param";
    private static final String CONTEXT_SECRET = "whsec_context_param";
    private static final String PATH = "/hooks/by-hand";

    @Deployment(testable = false)
    static WebArchive deployment() {
        String filter = """
                  <filter>
                    <filter-name>promptfloe</filter-name>
                    <filter-class>com.promptfloe.webhooks.jakarta.PromptFloeWebhookFilter</filter-class>
                    <init-param>
                      <param-name>promptfloe.webhooks.secret</param-name>
                      <param-value>%s</param-value>
                    </init-param>
                    <init-param>
                      <param-name>promptfloe.webhooks.tolerance</param-name>
                      <param-value>1m</param-value>
                    </init-param>
                  </filter>
                  <filter-mapping>
                    <filter-name>promptfloe</filter-name>
                    <url-pattern>%s</url-pattern>
                  </filter-mapping>
                """.formatted(INIT_PARAM_SECRET, PATH);
        return war("web-xml-filter")
                .addClasses(CallRecorder.class, Observers.class, RecorderServlet.class, CountingLedger.class)
                .setWebXML(new StringAsset(webXml(filter, "promptfloe.webhooks.secret", CONTEXT_SECRET)));
    }

    @ArquillianResource
    URL base;

    @Test
    void theHandDeclaredFilterUsesItsInitParamsAndTheApplicationLedger() throws Exception {
        String id = uniqueId("evt");
        int ledgerUsesBefore = count(base, "ledger-begin");

        HttpResponse<String> processed = post(base, PATH, INIT_PARAM_SECRET, uniqueId("dlv"), live(id, "app"));
        HttpResponse<String> contextSecret = post(base, PATH, CONTEXT_SECRET, uniqueId("dlv"), live(id, "app"));

        assertThat(processed.body()).isEqualTo(json(200, "processed"));
        assertThat(contextSecret.body()).as("init-param secret wins over the context-param")
                .isEqualTo(json(401, "signature_mismatch"));
        assertThat(count(base, "live:" + id)).isEqualTo(1);
        assertThat(count(base, "ledger-begin")).as("the application's DeliveryLedger bean is used")
                .isGreaterThan(ledgerUsesBefore);
    }

    @Test
    void theInitParamToleranceApplies() throws Exception {
        String body = live(uniqueId("evt"), "app");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String twoMinutesOld = Signer.of(Secret.of(INIT_PARAM_SECRET))
                .header(Instant.now().minus(Duration.ofMinutes(2)), bytes);

        HttpResponse<String> response = send(delivery(base, PATH, INIT_PARAM_SECRET, uniqueId("dlv"),
                "deployment.live", body).setHeader(WebhookHeaders.SIGNATURE, twoMinutesOld));

        assertThat(response.body()).isEqualTo(json(401, "timestamp_outside_tolerance"));
    }

    @Test
    void theAutomaticRegistrationStandsAside() throws Exception {
        String id = uniqueId("evt");

        HttpResponse<String> response = post(base, "/webhooks/promptfloe", CONTEXT_SECRET, uniqueId("dlv"),
                live(id, "app"));

        // Nothing of the application listens there: the container's own answer (404, or 405 from a default servlet).
        assertThat(response.statusCode()).isIn(404, 405);
        assertThat(response.body()).doesNotContain("\"reason\"");
        assertThat(count(base, "any:" + id)).isZero();
    }
}
