package com.promptfloe.webhooks.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console of the quickstart in inbox mode (in-memory H2): the flaky observer's delivery fails
 * its three allowed attempts and ends dead, and an admin re-drives it from the console.
 */
class ConsoleInboxIT extends ConsoleBrowserTestBase {

    @Override
    List<String> modeArguments() {
        return List.of("--mode", "inbox");
    }

    @Override
    String mode() {
        return "inbox";
    }

    @Test
    @Order(5)
    void theFlakyDeliveryEndsDeadAfterItsThreeAttempts() {
        logIn(console.admin());
        waitForDeadEntry();
        WebElement row = browser.findElement(deadRow());
        assertThat(row.findElements(By.cssSelector("form.redrive button.redrive"))).hasSize(1);
        assertThat(row.findElement(By.cssSelector("td.error")).getText()).contains("simulated failure 3 of 3");
    }

    @Test
    @Order(100)
    void anAdminRedrivesTheDeadEntryAndItIsProcessed() throws Exception {
        logIn(console.admin());
        waitForDeadEntry();
        browser.findElement(deadRow()).findElement(By.cssSelector("button.redrive")).click();
        waitFor("the inbox page after the re-drive", () -> browser.getCurrentUrl().contains("/inbox"));

        waitFor("a processed record of " + failedDeliveryId, () -> {
            browser.get(consoleUri() + "/deliveries?q=" + failedDeliveryId + "&outcome=processed");
            return !browser.findElements(By.cssSelector("table#deliveries tbody tr[data-record-id]")).isEmpty();
        });
        browser.get(consoleUri() + "/inbox?state=DEAD");
        assertThat(browser.findElements(deadRow())).as("no longer dead").isEmpty();

        HttpResponse<String> received = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(baseUri() + "received")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(received.body()).as("the observers saw it once, after the re-drive")
                .containsOnlyOnce("\"deliveryId\":\"" + failedDeliveryId + "\"");
    }

    private By deadRow() {
        return By.cssSelector("table#inbox tr[data-delivery-id='" + failedDeliveryId + "']");
    }

    private void waitForDeadEntry() {
        waitFor("dead entry " + failedDeliveryId + " (3 attempts 1 to 2 s apart)", () -> {
            browser.get(consoleUri() + "/inbox?state=DEAD");
            return !browser.findElements(deadRow()).isEmpty();
        });
    }
}
