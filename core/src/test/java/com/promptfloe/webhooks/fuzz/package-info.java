/**
 * Jazzer fuzz tests of every parser and of the whole admit path. {@code mvn verify} runs them in
 * regression mode (the inputs kept under src/test/resources, fast); {@code core/fuzz.sh} fuzzes one
 * target for a chosen time. A finding is kept as an input there, so it stays a regression test.
 */
package com.promptfloe.webhooks.fuzz;
