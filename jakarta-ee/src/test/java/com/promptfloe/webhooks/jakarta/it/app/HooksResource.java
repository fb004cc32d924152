package com.promptfloe.webhooks.jakarta.it.app;

import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.jakarta.PromptFloeWebhookFilter;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The application's own webhook resource behind the filter in verify-only mode. */
@Path("hooks")
@RequestScoped
public class HooksResource {

    @Inject
    CallRecorder recorder;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes("application/json")
    public Response receive(String body) {
        Object attribute = request.getAttribute(PromptFloeWebhookFilter.EVENT_ATTRIBUTE);
        if (!(attribute instanceof PromptFloeEvent event)) {
            recorder.record("resource-without-event");
            return Response.status(500).build();
        }
        int attempt = recorder.record("resource-attempt:" + event.id());
        if (body.contains("\"" + event.id() + "\"")) {
            recorder.record("resource-body:" + event.id());
        }
        if (event instanceof DeploymentLive live && "fail-once".equals(live.appId()) && attempt == 1) {
            return Response.status(503).build();
        }
        recorder.record("resource:" + event.id());
        return Response.ok("{\"handled\":\"" + event.id() + "\"}", "application/json").build();
    }
}
