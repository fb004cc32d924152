package com.promptfloe.webhooks.examples.runner.probe.lib;

import java.util.Set;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

/** Registers the probe filter from a WEB-INF/lib jar, as the library's initializer does. */
public final class ProbeInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addFilter("probe", ProbeFilter.class).addMappingForUrlPatterns(null, false, "/probe/*");
    }
}
