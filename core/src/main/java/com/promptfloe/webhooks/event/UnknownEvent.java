package com.promptfloe.webhooks.event;

/**
 * An event of a type this version of the library does not know: PromptFloe adds types over time.
 *
 * <p>It reaches observers of {@link PromptFloeEvent}; {@link #type()} names it and {@link #data()}
 * holds its fields. It is acknowledged like any other event, not refused.
 *
 * @param metadata the envelope and delivery details
 */
public record UnknownEvent(EventMetadata metadata) implements PromptFloeEvent {
}
