package com.promptfloe.webhooks.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.emulator.DemoResult;
import com.promptfloe.webhooks.emulator.Delivery;
import com.promptfloe.webhooks.emulator.DeliveryEmulator;
import com.promptfloe.webhooks.emulator.DeliveryResult;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.examples.runner.DemoConsole;
import com.promptfloe.webhooks.examples.runner.ExampleServer;
import com.promptfloe.webhooks.examples.runner.FormLogin;
import com.promptfloe.webhooks.examples.runner.Launcher;
import com.promptfloe.webhooks.testkit.Fixtures;

/**
 * The delivery console of the quickstart, started as {@code ./quickstart.sh --console} starts it
 * (same launcher, same demo stream, port 0), driven in a headless Chromium: what every mode must
 * show and refuse. Subclasses choose the mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ConsoleBrowserTestBase {

    /** What the test sends in an event's data; rendered as markup, it would set window.pfwXss. */
    static final String SCRIPT_TEXT = "<script>window.pfwXss = 1</script><img src=x onerror=\"window.pfwXss = 2\">";

    Launcher.Started started;
    DemoConsole console;
    Chromium chromium;
    ChromeDriver browser;
    String output;
    String failedDeliveryId;

    /** The launcher's extra arguments, such as {@code --mode inbox}. */
    abstract List<String> modeArguments();

    /** A name for this mode in screenshots' file names. */
    abstract String mode();

    @BeforeAll
    void startQuickstartAndBrowser() throws Exception {
        Path war = Path.of(System.getProperty("example.war", ""));
        assertThat(war).as("the quickstart WAR (system property example.war, set by this module's pom; run "
                + "mvn verify -pl examples/console-browser-tests -am)").isRegularFile();
        List<String> args = new ArrayList<>(List.of("--war", war.toString(), "--port", "0", "--console"));
        args.addAll(modeArguments());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            started = Launcher.start(args.toArray(String[]::new), out);
        } finally {
            output = buffer.toString(StandardCharsets.UTF_8);
            System.out.print(output);
        }
        console = started.console().orElseThrow();
        DemoResult.Item failing = started.demo().orElseThrow().items().stream()
                .filter(item -> item.kind() == DemoResult.Kind.FAILS_FIRST).findFirst().orElseThrow();
        assertThat(failing.asExpected()).as("%s: %s", failing.description(), failing.actual()).isTrue();
        failedDeliveryId = failing.deliveries().get(0).deliveryId();
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (started != null) {
                started.server().close();
            }
        }
    }

    @Test
    @Order(1)
    void theQuickstartPrintsTheConsoleAndItsDemoUsers() {
        assertThat(output).contains("delivery console (GET): " + consoleUri())
                .contains("log in as " + console.admin().name() + " / " + console.admin().password())
                .contains("or " + console.viewer().name() + " / " + console.viewer().password());
    }

    @Test
    @Order(2)
    void unauthenticatedRequestsAreRefused() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        for (String page : List.of("", "/", "/deliveries", "/inbox?state=DEAD", "/api/overview",
                "/api/deliveries?q=" + failedDeliveryId)) {
            URI uri = URI.create(consoleUri() + page);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertRefusedOrSentToLogin(uri, response);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(consoleUri() + "/inbox/redrive"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("endpoint=default&deliveryId=" + failedDeliveryId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefusedOrSentToLogin(post.uri(), post);

        browser.manage().deleteAllCookies();
        browser.get(consoleUri() + "/deliveries?q=" + failedDeliveryId);
        assertThat(browser.findElements(By.id("deliveries"))).as("no deliveries table without logging in").isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(failedDeliveryId + "</td>");
    }

    @Test
    @Order(3)
    void aWrongPasswordIsRefusedByTheLoginPage() {
        browser.manage().deleteAllCookies();
        browser.get(baseUri() + "login.html");
        browser.findElement(By.id("username")).sendKeys(console.admin().name());
        browser.findElement(By.id("password")).sendKeys("not-" + console.admin().password());
        browser.findElement(By.id("log-in")).click();
        waitFor("the login error page", () -> !browser.findElements(By.id("login-error")).isEmpty());
        browser.get(consoleUri());
        assertThat(browser.findElements(By.id("endpoints"))).isEmpty();
    }

    @Test
    @Order(10)
    void anAdminFindsTheFailedDeliveryByItsIdAndSeesTheStackTrace() throws IOException {
        logIn(console.admin());
        browser.get(consoleUri());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
        assertThat(browser.findElements(By.cssSelector("table#endpoints tr[data-endpoint='default']"))).hasSize(1);
        screenshot("overview", false);

        browser.get(consoleUri() + "/deliveries");
        WebElement search = browser.findElement(By.cssSelector("form#filter input[name='q']"));
        search.sendKeys(failedDeliveryId);
        search.submit();
        waitFor("the search result", () -> browser.getCurrentUrl().contains("q=" + failedDeliveryId));
        List<WebElement> rows = browser.findElements(By.cssSelector("table#deliveries tbody tr[data-record-id]"));
        assertThat(rows).as("the journal's records of %s", failedDeliveryId).isNotEmpty()
                .allSatisfy(row -> assertThat(row.getText()).contains(failedDeliveryId));
        WebElement failedRow = rows.stream()
                .filter(row -> row.findElement(By.cssSelector("td.outcome")).getText().equals("handler_failed"))
                .findFirst().orElseThrow(() -> new AssertionError("no handler_failed record among "
                        + rows.stream().map(WebElement::getText).toList()));
        failedRow.findElement(By.cssSelector("a.delivery-link")).click();

        waitFor("the delivery's page", () -> !browser.findElements(By.id("delivery-id")).isEmpty());
        assertThat(browser.findElement(By.id("delivery-id")).getText()).isEqualTo(failedDeliveryId);
        assertThat(browser.findElement(By.id("event-type")).getText()).isEqualTo("app.failed");
        assertThat(browser.findElement(By.id("outcome")).getText()).isEqualTo("handler_failed");
        assertThat(browser.findElement(By.cssSelector("pre#stack-trace")).getText())
                .contains("java.lang.IllegalStateException: demo: could not notify the on-call channel")
                .contains("FlakyObserver.failFirstAttempts")
                .contains("Caused by: java.net.ConnectException");
        assertThat(browser.findElements(By.cssSelector("table#history tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
        // An HTTP attempt's record has the headers (an inbox attempt's has none), never a signature value.
        assertThat(browser.findElement(By.id("headers")).getText()).as("no signature value")
                .doesNotContainPattern("v1=[0-9a-f]{16}");
        screenshot("delivery", true);
    }

    @Test
    @Order(20)
    void aViewerHasNoRedriveButtonAndTheirPostIsRefusedEvenWithAValidToken() {
        logIn(console.viewer());
        browser.get(consoleUri() + "/inbox?state=DEAD");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Inbox");
        assertThat(browser.findElements(By.cssSelector("form.redrive, button.redrive, form#redrive-all"))).isEmpty();

        Map<String, Object> answer = postFromThePage("/inbox/redrive", true);
        assertThat((String) answer.get("token")).as("the viewer's own CSRF token, from a GET of the API").isNotBlank();
        assertThat(answer.get("status")).as("%s", answer).isEqualTo(403L);
    }

    @Test
    @Order(30)
    void aPostWithoutTheCsrfTokenIsRefused() {
        logIn(console.admin());
        Map<String, Object> withoutToken = postFromThePage("/inbox/redrive", false);
        assertThat(withoutToken.get("status")).as("%s", withoutToken).isEqualTo(403L);
        Map<String, Object> bulkWithoutToken = postFromThePage("/inbox/redrive-all", false);
        assertThat(bulkWithoutToken.get("status")).as("%s", bulkWithoutToken).isEqualTo(403L);
    }

    @Test
    @Order(40)
    void markupInAnEventsDataIsShownAsTextAndNeverRuns() throws Exception {
        String secret = started.server().config(ExampleServer.SECRET_KEY).orElseThrow().split(",")[0].trim();
        Delivery delivery = Delivery.of(Fixtures.withClock(Clock.systemUTC()).fresh(EventType.DEPLOYMENT_LIVE)
                .withData("note", SCRIPT_TEXT));
        String eventId = new String(delivery.body(), StandardCharsets.UTF_8).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        DeliveryResult result = DeliveryEmulator.builder().url(started.server().webhookUri())
                .secret(Secret.of(secret)).schedule(List.of()).build().deliver(delivery);
        assertThat(result.delivered()).as("%s", result.attempts()).isTrue();

        logIn(console.admin());
        browser.get(consoleUri() + "/deliveries?q=" + URLEncoder.encode(eventId, StandardCharsets.UTF_8));
        List<WebElement> links = browser.findElements(By.cssSelector("table#deliveries a.delivery-link"));
        assertThat(links).as("records of event %s", eventId).isNotEmpty();
        links.get(0).click();
        waitFor("the delivery's page", () -> !browser.findElements(By.id("payload")).isEmpty());

        WebElement payload = browser.findElement(By.cssSelector("pre#payload"));
        // The JSON text as sent (its quotes escaped), with the markup as characters.
        assertThat(payload.getText()).contains("<script>window.pfwXss = 1</script>")
                .contains("<img src=x onerror=\\\"window.pfwXss = 2\\\">");
        assertThat(payload.findElements(By.cssSelector("script, img"))).as("no element made from the data").isEmpty();
        assertThat(browser.executeScript("return typeof window.pfwXss")).isEqualTo("undefined");
    }

    // --- helpers ---

    URI baseUri() {
        return started.server().baseUri();
    }

    String consoleUri() {
        return console.uri(started.server()).toString();
    }

    /** Log in through the quickstart's FORM login page, in a fresh session. */
    void logIn(FormLogin.User user) {
        browser.manage().deleteAllCookies();
        browser.get(baseUri() + "login.html");
        browser.findElement(By.id("username")).sendKeys(user.name());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.id("log-in")).click();
        waitFor("the login to finish", () -> !browser.getCurrentUrl().contains("login"));
        browser.get(consoleUri());
        waitFor("the console's overview for " + user.name(),
                () -> !browser.findElements(By.id("endpoints")).isEmpty());
    }

    /**
     * POST to the console from a page of the same origin with the browser's session (the console's
     * own pages forbid such scripts by their CSP), as a script an attacker got into the page would.
     *
     * @param withToken whether to send the session's valid CSRF token, fetched from the API first
     * @return {@code status} of the POST and the {@code token} used
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> postFromThePage(String path, boolean withToken) {
        browser.get(baseUri().toString());
        Object answer = browser.executeAsyncScript("""
                const [consoleUri, path, deliveryId, withToken, done] = arguments;
                (async () => {
                  const overview = await fetch(consoleUri + '/api/overview', {credentials: 'same-origin'});
                  const token = withToken ? overview.headers.get('X-CSRF-Token') : null;
                  const body = new URLSearchParams({endpoint: 'default', deliveryId: deliveryId});
                  if (token) body.set('_csrf', token);
                  const post = await fetch(consoleUri + path, {method: 'POST', credentials: 'same-origin',
                      redirect: 'manual', body: body});
                  done({overview: overview.status, token: token, status: post.status});
                })().catch(e => done({error: String(e)}));
                """, consoleUri(), path, failedDeliveryId, withToken);
        assertThat(answer).isInstanceOf(Map.class);
        return (Map<String, Object>) answer;
    }

    void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "waiting for " + what + " at "
                + browser.getCurrentUrl()).until(driver -> condition.getAsBoolean());
    }

    /**
     * Keep a screenshot of the page in target/screenshots (the README's come from there).
     *
     * @param wholePage the whole page (up to 3000 pixels high), not only the window
     */
    void screenshot(String name, boolean wholePage) throws IOException {
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        Files.createDirectories(dir);
        Dimension window = browser.manage().window().getSize();
        if (wholePage) {
            long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
            browser.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 140, 3000)));
        }
        try {
            Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, dir.resolve("console-" + mode() + "-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    static void assertRefusedOrSentToLogin(URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 302 || status == 303) {
            assertThat(response.headers().firstValue("Location")).as("%s redirects", uri)
                    .hasValueSatisfying(location -> assertThat(location).contains("login"));
        } else {
            assertThat(status).as("%s without logging in: %s", uri, response.body()).isIn(401, 403);
        }
        assertThat(response.body()).as(uri.toString()).doesNotContain("id=\"endpoints\"")
                .doesNotContain("id=\"deliveries\"").doesNotContain("\"records\"");
    }
}
