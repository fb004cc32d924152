package com.promptfloe.webhooks.jakarta.it.app;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Lets the tests read the recorder: /test/count?key=, /test/order?id=, /test/entered?id=, POST /test/release?id=. */
@WebServlet("/test/*")
public class RecorderServlet extends HttpServlet {

    @Inject
    CallRecorder recorder;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer = switch (String.valueOf(request.getPathInfo())) {
            case "/count" -> Integer.toString(recorder.count(request.getParameter("key")));
            case "/order" -> recorder.order(request.getParameter("id"));
            case "/entered" -> Boolean.toString(recorder.entered(request.getParameter("id")));
            default -> null;
        };
        if (answer == null) {
            response.sendError(404);
            return;
        }
        response.setContentType("text/plain");
        response.getWriter().write(answer);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/release".equals(request.getPathInfo())) {
            response.sendError(404);
            return;
        }
        recorder.release(request.getParameter("id"));
        response.setStatus(204);
    }
}
