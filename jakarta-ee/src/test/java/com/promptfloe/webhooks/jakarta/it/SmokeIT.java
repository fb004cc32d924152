package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class SmokeIT extends ItBase {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return war("smoke").addClass(HelloServlet.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void aTrivialWarDeploysAndAnswers() throws Exception {
        HttpResponse<String> response = get(base, "/hello");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
    }
}
