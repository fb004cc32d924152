package com.example.shop;

import com.promptfloe.webhooks.event.DeploymentLive;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/** The README's example observer: a user's CDI bean, tested without a container. */
public class DeployNotifier {

    private final List<String> sent = new ArrayList<>();

    /**
     * Tells the team a deployment is live.
     *
     * @param event the event
     */
    public void onLive(@Observes DeploymentLive event) {
        sent.add(event.siteName() + " is live at " + event.url());
    }

    /**
     * What was sent so far.
     *
     * @return the messages
     */
    public List<String> sent() {
        return sent;
    }
}
