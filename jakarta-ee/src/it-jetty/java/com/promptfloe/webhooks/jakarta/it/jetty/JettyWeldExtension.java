package com.promptfloe.webhooks.jakarta.it.jetty;

import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link JettyWeldSetup} with the Jetty adapter; on the test class path of the jetty profile only. */
public final class JettyWeldExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(WebAppContextProcessor.class, JettyWeldSetup.class);
    }
}
