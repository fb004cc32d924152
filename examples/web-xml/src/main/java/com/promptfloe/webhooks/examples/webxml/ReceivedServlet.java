package com.promptfloe.webhooks.examples.webxml;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /received} (mapped in web.xml) answers a JSON array of every observer call so far, oldest first:
 * {@code [{"observer":"onAnyEvent","eventId":"evt_...","type":"deployment.live","deliveryId":"dlv_..."}, ...]}.
 */
public class ReceivedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient ReceivedEvents received;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (ReceivedEvents.Entry entry : received.all()) {
            array.add(Json.createObjectBuilder()
                    .add("observer", entry.observer())
                    .add("eventId", entry.eventId())
                    .add("type", entry.type())
                    .add("deliveryId", entry.deliveryId()));
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(array.build().toString());
    }
}
