package com.promptfloe.webhooks.examples.runner;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.webapp.AbstractConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.jndi.ContextFactory;

/**
 * Binds objects in the application's own {@code java:comp} before its initializers run, as a full
 * server binds its default resources: {@code java:comp/DefaultDataSource} is where the library
 * looks for the DataSource of the {@code jdbc} ledger and the inbox unless configured otherwise.
 */
final class DefaultResources extends AbstractConfiguration {

    private final Map<String, Object> resources;

    /**
     * @param resources the names under {@code java:comp} (such as {@code DefaultDataSource}) and
     *     what to bind there
     */
    DefaultResources(Map<String, Object> resources) {
        super(new Builder().addDependencies(EnvConfiguration.class));
        this.resources = new LinkedHashMap<>(resources);
    }

    @Override
    public void configure(WebAppContext context) throws Exception {
        inComp(context, comp -> {
            for (Map.Entry<String, Object> resource : resources.entrySet()) {
                comp.rebind(resource.getKey(), resource.getValue());
            }
        });
    }

    // Jetty keeps one java:comp per web application, found through the class loader it is
    // associated with: the application's, as when the application itself looks a name up. It is
    // made read-only once the application runs and dropped with it, so nothing is unbound on stop.
    private static void inComp(WebAppContext context, NamingAction action) throws NamingException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(context.getClassLoader());
        ContextFactory.associateClassLoader(context.getClassLoader());
        try {
            action.run((Context) new InitialContext().lookup("java:comp"));
        } finally {
            ContextFactory.disassociateClassLoader();
            thread.setContextClassLoader(previous);
        }
    }

    @FunctionalInterface
    private interface NamingAction {
        void run(Context comp) throws NamingException;
    }
}
