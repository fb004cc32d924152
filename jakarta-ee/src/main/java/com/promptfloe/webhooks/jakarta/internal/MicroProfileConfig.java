package com.promptfloe.webhooks.jakarta.internal;

import java.util.function.UnaryOperator;

/**
 * MicroProfile Config when the runtime has it. The API classes are only touched after checking
 * they are visible, so servers without MicroProfile Config load this library too.
 */
final class MicroProfileConfig {

    private MicroProfileConfig() {
    }

    /** Returns null when MicroProfile Config is not available to the application. */
    static UnaryOperator<String> lookup() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = MicroProfileConfig.class.getClassLoader();
        }
        try {
            Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            return Bound.lookup(loader);
        } catch (RuntimeException | LinkageError e) {
            // The API is there but no implementation answers: treat it as absent.
            return null;
        }
    }

    /** Only loaded once the API is known to be visible. */
    private static final class Bound {
        static UnaryOperator<String> lookup(ClassLoader loader) {
            org.eclipse.microprofile.config.Config config =
                    org.eclipse.microprofile.config.ConfigProvider.getConfig(loader);
            return key -> config.getOptionalValue(key, String.class).orElse(null);
        }
    }
}
