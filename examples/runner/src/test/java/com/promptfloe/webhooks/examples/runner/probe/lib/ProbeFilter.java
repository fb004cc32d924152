package com.promptfloe.webhooks.examples.runner.probe.lib;

import java.io.IOException;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.ConfigProvider;

/** Fires a CDI event through an injected {@link Event} and answers without calling the chain. */
public class ProbeFilter extends HttpFilter {
    @Inject
    Event<ProbeEvent> events;

    private static String configValue() {
        try {
            return ConfigProvider.getConfig().getOptionalValue("probe.value", String.class).orElse("<none>");
        } catch (NoClassDefFoundError hidden) {
            return "<no MicroProfile Config>";
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (events == null) {
            response.sendError(500, "not injected");
            return;
        }
        events.fire(new ProbeEvent(request.getParameter("id")));
        response.setHeader("X-Probe-Config", configValue());
        response.setStatus(204);
    }
}
