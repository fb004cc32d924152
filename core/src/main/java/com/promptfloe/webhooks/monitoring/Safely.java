package com.promptfloe.webhooks.monitoring;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/** Keeps a broken listener from breaking the delivery it listens to. */
final class Safely {

    private static final System.Logger LOG = System.getLogger(DeliveryListener.class.getName());

    private Safely() {
    }

    static void run(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    static void failed(RuntimeException e) {
        LOG.log(Level.WARNING, "a PromptFloe DeliveryListener failed; ignored", e);
    }

    static DeliveryObservation call(Supplier<DeliveryObservation> call) {
        try {
            DeliveryObservation observation = call.get();
            return observation == null ? DeliveryObservation.NONE : observation;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a PromptFloe DeliveryListener failed; ignored", e);
            return DeliveryObservation.NONE;
        }
    }
}
