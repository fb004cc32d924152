package com.promptfloe.webhooks.jakarta.internal;

import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.API_KEY;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.API_URL;
import static com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig.environmentVariable;

import com.promptfloe.webhooks.client.WebhooksClient;
import com.promptfloe.webhooks.jakarta.internal.ConfigLookup.Value;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;

/**
 * The application-scoped {@link WebhooksClient} bean. Only loaded when the client's classes are
 * visible to the application (see {@link PromptFloeExtension}).
 */
final class ClientBean {

    private static final System.Logger LOG = System.getLogger(ClientBean.class.getName());

    private ClientBean() {
    }

    static void add(AfterBeanDiscovery discovery, BeanManager beans) {
        discovery.<WebhooksClient>addBean()
                .beanClass(WebhooksClient.class)
                .types(WebhooksClient.class, Object.class)
                .scope(ApplicationScoped.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
                // Built on first use, when the web application and its context-params exist.
                .createWith(context -> create(config(beans)))
                .destroyWith((client, context) -> client.close());
    }

    static WebhooksClient create(ConfigLookup config) {
        Value key = config.find(API_KEY).orElseThrow(() -> new ConfigProblem(ConfigProblem.NO_API_KEY,
                "WebhooksClient is used but " + API_KEY + " is not set: set it and " + API_URL
                        + " (context-param, MicroProfile Config or the environment variables "
                        + environmentVariable(API_KEY) + " and " + environmentVariable(API_URL) + ")"));
        WebhookSettings.Api api = WebhookSettings.api(config);
        WebhooksClient client = WebhooksClient.builder().baseUrl(api.url()).apiKey(key.text())
                .authorization("Authorization", api.authScheme()).requestTimeout(api.timeout()).build();
        LOG.log(Level.INFO, "PromptFloe webhooks: management API client for " + api.url() + " (API key from "
                + key.source() + ")");
        return client;
    }

    // The servlet context holds the web.xml context-params; CDI offers it as a built-in bean in a
    // web application. Outside one, the other sources still apply.
    private static ConfigLookup config(BeanManager beans) {
        try {
            Instance<ServletContext> context = beans.createInstance().select(ServletContext.class);
            if (context.isResolvable()) {
                return ConfigLookup.forWeb(null, context.get());
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "no servlet context for the PromptFloe client's configuration", e);
        }
        return ConfigLookup.withoutServletContext();
    }
}
