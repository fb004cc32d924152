package com.promptfloe.webhooks.examples.runner.probe.app;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.promptfloe.webhooks.examples.runner.probe.lib.ProbeExtension;

/** Answers "observers=N seen=[...]" so the test can check both the extension and the observer. */
@WebServlet("/seen")
public class SeenServlet extends HttpServlet {
    @Inject
    ProbeObserver observer;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("observers=" + ProbeExtension.observers() + " seen=" + observer.seen());
    }
}
