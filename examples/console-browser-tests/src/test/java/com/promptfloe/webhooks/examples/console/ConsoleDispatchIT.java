package com.promptfloe.webhooks.examples.console;

import java.util.List;

/** The console of the quickstart in dispatch mode (the default): observers run inside the request. */
class ConsoleDispatchIT extends ConsoleBrowserTestBase {

    @Override
    List<String> modeArguments() {
        return List.of();
    }

    @Override
    String mode() {
        return "dispatch";
    }
}
