package com.promptfloe.webhooks.benchmarks.load;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * The baseline of the end-to-end comparison: reads the whole body and answers 200, nothing else.
 * {@code benchmarks/run.sh load} adds it to a copy of the quickstart WAR, so that it runs in the same
 * application, on the same runtime, as the webhook endpoint it is compared with.
 */
@WebServlet("/bare")
public class BareServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Creates the servlet; the container calls it. */
    public BareServlet() {
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream in = request.getInputStream()) {
            in.readAllBytes();
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.getWriter().write("{\"status\":\"ok\"}");
    }
}
