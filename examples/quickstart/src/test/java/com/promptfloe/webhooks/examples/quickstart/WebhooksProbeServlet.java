package com.promptfloe.webhooks.examples.quickstart;

import java.io.IOException;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.promptfloe.webhooks.client.Webhook;
import com.promptfloe.webhooks.client.WebhooksClient;

/**
 * Test-only: {@link SubscriptionFlowIT} adds this servlet to a copy of the quickstart WAR to show
 * that the library's injected client works inside the application: {@code GET /probe/webhooks}
 * answers the ids PromptFloe lists, comma-separated.
 */
@WebServlet("/probe/webhooks")
public class WebhooksProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient WebhooksClient client;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(client.list().map(Webhook::id).collect(Collectors.joining(",")));
    }
}
