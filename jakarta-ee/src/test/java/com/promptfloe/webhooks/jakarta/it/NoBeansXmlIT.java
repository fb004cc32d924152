package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.Observers;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The newcomer's mistake on Tomcat and Jetty: Weld Servlet is there but the WAR has no
 * WEB-INF/beans.xml, so Weld does not start. PFW-006 must say so and how to fix it. Runs on the
 * embedded runtimes only (tomcat and jetty profiles), whose log is this JVM's java.util.logging; the
 * full servers always have CDI.
 */
@ExtendWith(ArquillianExtension.class)
class NoBeansXmlIT extends ItBase {

    @Deployment(name = "no-beans-xml", managed = false, testable = false)
    static WebArchive withoutBeansXml() {
        WebArchive war = war("no-beans-xml").addClasses(CallRecorder.class, Observers.class)
                .setWebXML(new StringAsset(webXml("", "promptfloe.webhooks.secret", "whsec_no_beans_xml")));
        war.delete("WEB-INF/beans.xml");
        return war;
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void theFilterRefusesToStartAndNamesTheMissingBeansXml() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append("\n  ").append(t);
                }
                synchronized (logged) {
                    logged.add(text.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Throwable failure;
        try {
            failure = catchThrowable(() -> deployer.deploy("no-beans-xml"));
        } finally {
            root.removeHandler(capture);
            try {
                deployer.undeploy("no-beans-xml");
            } catch (RuntimeException e) {
                // Nothing was deployed, or the runtime already took the failed application away.
            }
        }
        List<String> messages = new ArrayList<>();
        synchronized (logged) {
            messages.addAll(logged);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t));
        }

        assertThat(messages).as("the PFW-006 problem, logged or thrown")
                .anySatisfy(message -> assertThat(message)
                        .contains("PFW-006")
                        .contains("Likely cause: WEB-INF/beans.xml is missing, so Weld found no bean archive")
                        .contains("Fix: add WEB-INF/beans.xml to the WAR"));
    }
}
