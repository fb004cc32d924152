package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.EndpointObservers;
import com.promptfloe.webhooks.jakarta.it.app.RecorderServlet;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two endpoints with their own secrets and paths, configured only by MicroProfile Config. */
@ExtendWith(ArquillianExtension.class)
class MultiEndpointMicroProfileIT extends ItBase {

    private static final String ALPHA_SECRET = "whsec_alpha";
    private static final String BETA_SECRET = "whsec_beta";
    private static final String ALPHA_PATH = "/hooks/alpha";
    private static final String BETA_PATH = "/webhooks/promptfloe/beta";

    @Deployment(testable = false)
    static WebArchive deployment() {
        String properties = """
                promptfloe.webhooks.endpoints=alpha,beta
                promptfloe.webhooks.endpoint.alpha.secret=%s
                promptfloe.webhooks.endpoint.alpha.path=%s
                promptfloe.webhooks.endpoint.beta.secret=%s
                """.formatted(ALPHA_SECRET, ALPHA_PATH, BETA_SECRET);
        return war("multi-endpoint").addClasses(CallRecorder.class, EndpointObservers.class, RecorderServlet.class)
                .addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    URL base;

    @Test
    void eachEndpointVerifiesWithItsOwnSecretAndReachesItsQualifiedObservers() throws Exception {
        String alphaEvent = uniqueId("evt");
        String betaEvent = uniqueId("evt");

        HttpResponse<String> alpha = post(base, ALPHA_PATH, ALPHA_SECRET, uniqueId("dlv"), live(alphaEvent, "a"));
        HttpResponse<String> beta = post(base, BETA_PATH, BETA_SECRET, uniqueId("dlv"), live(betaEvent, "b"));
        HttpResponse<String> crossed = post(base, ALPHA_PATH, BETA_SECRET, uniqueId("dlv"), live(uniqueId("evt"), "a"));

        assertThat(alpha.body()).isEqualTo(json(200, "processed"));
        assertThat(beta.body()).isEqualTo(json(200, "processed"));
        assertThat(crossed.body()).isEqualTo(json(401, "signature_mismatch"));
        assertThat(count(base, "alpha:" + alphaEvent)).isEqualTo(1);
        assertThat(count(base, "beta:" + alphaEvent)).isZero();
        assertThat(count(base, "all:" + alphaEvent)).isEqualTo(1);
        assertThat(count(base, "beta:" + betaEvent)).isEqualTo(1);
        assertThat(count(base, "alpha:" + betaEvent)).isZero();
        assertThat(count(base, "all:" + betaEvent)).isEqualTo(1);
    }

    @Test
    void endpointsKeepTheirOwnDedupeRecords() throws Exception {
        String event = uniqueId("evt");
        String delivery = uniqueId("dlv");

        HttpResponse<String> alpha = post(base, ALPHA_PATH, ALPHA_SECRET, delivery, live(event, "a"));
        HttpResponse<String> beta = post(base, BETA_PATH, BETA_SECRET, delivery, live(event, "b"));
        HttpResponse<String> alphaAgain = post(base, ALPHA_PATH, ALPHA_SECRET, delivery, live(event, "a"));

        assertThat(alpha.body()).isEqualTo(json(200, "processed"));
        assertThat(beta.body()).isEqualTo(json(200, "processed"));
        assertThat(alphaAgain.body()).isEqualTo(json(200, "duplicate"));
        assertThat(count(base, "all:" + event)).isEqualTo(2);
    }
}
