package com.promptfloe.webhooks.examples.runner.probe.lib;

/** What the probe filter fires for each request, like the library fires a PromptFloe event. */
public record ProbeEvent(String id) {
}
