package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.HooksResource;
import com.promptfloe.webhooks.jakarta.it.app.RecorderServlet;
import com.promptfloe.webhooks.jakarta.it.app.RestApplication;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verify-only mode in front of the application's own JAX-RS resource. */
@ExtendWith(ArquillianExtension.class)
class VerifyOnlyIT extends ItBase {

    private static final String SECRET = "whsec_verify_only";
    private static final String PATH = "/api/hooks";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return war("verify-only")
                .addClasses(CallRecorder.class, RecorderServlet.class, HooksResource.class, RestApplication.class)
                .setWebXML(new StringAsset(webXml("", "promptfloe.webhooks.secret", SECRET,
                        "promptfloe.webhooks.mode", "verify-only", "promptfloe.webhooks.path", PATH)));
    }

    @ArquillianResource
    URL base;

    @Test
    void theResourceGetsTheBodyAndTheEventAndItsAnswerSettlesTheDelivery() throws Exception {
        String id = uniqueId("evt");
        String delivery = uniqueId("dlv");

        HttpResponse<String> first = post(base, PATH, SECRET, delivery, live(id, "app"));
        HttpResponse<String> retry = post(base, PATH, SECRET, delivery, live(id, "app"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).as("the resource's own answer").isEqualTo("{\"handled\":\"" + id + "\"}");
        assertThat(count(base, "resource-body:" + id)).as("the body was readable again").isEqualTo(1);
        assertThat(retry.body()).isEqualTo(json(200, "duplicate"));
        assertThat(count(base, "resource-attempt:" + id)).isEqualTo(1);
        assertThat(count(base, "resource-without-event")).isZero();
    }

    @Test
    void aFailedAnswerLetsTheRetryThroughOnce() throws Exception {
        String id = uniqueId("evt");
        String delivery = uniqueId("dlv");

        HttpResponse<String> failed = post(base, PATH, SECRET, delivery, live(id, "fail-once"));
        HttpResponse<String> retry = post(base, PATH, SECRET, delivery, live(id, "fail-once"));
        HttpResponse<String> again = post(base, PATH, SECRET, delivery, live(id, "fail-once"));

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(json(200, "duplicate"));
        assertThat(count(base, "resource-attempt:" + id)).isEqualTo(2);
        assertThat(count(base, "resource:" + id)).isEqualTo(1);
    }

    @Test
    void aRefusedDeliveryNeverReachesTheResource() throws Exception {
        String id = uniqueId("evt");

        HttpResponse<String> response = post(base, PATH, "whsec_wrong", uniqueId("dlv"), live(id, "app"));

        assertThat(response.body()).isEqualTo(json(401, "signature_mismatch"));
        assertThat(count(base, "resource-attempt:" + id)).isZero();
    }
}
