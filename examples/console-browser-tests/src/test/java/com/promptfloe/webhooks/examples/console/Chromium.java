package com.promptfloe.webhooks.examples.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, driven
 * by Selenium with both paths given, so Selenium Manager never looks for (or downloads) a browser
 * or a driver. Each instance has a fresh profile, deleted on {@link #close()}.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    // Selenium's DriverFinder logs here whether it used the given driver or asked Selenium Manager.
    private static final Logger DRIVER_FINDER_LOG = Logger.getLogger("org.openqa.selenium.remote.service.DriverFinder");
    private static final Logger SELENIUM_MANAGER_LOG = Logger.getLogger("org.openqa.selenium.manager.SeleniumManager");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Start a browser.
     *
     * @return the browser; close it
     * @throws IllegalStateException when Debian's packages are not installed, or Selenium asked
     *     Selenium Manager for anything
     */
    static Chromium start() throws IOException {
        return start(BROWSER, DRIVER);
    }

    /** {@link #start()} with other paths, so a test can show what happens when they are missing. */
    static Chromium start(Path browserBinary, Path driverBinary) throws IOException {
        for (Path file : List.of(browserBinary, driverBinary)) {
            if (!Files.isExecutable(file)) {
                throw new IllegalStateException("no " + file + ": the console's browser tests drive Debian's chromium "
                        + "and chromium-driver packages; install them with .ci/install-browser (as root), then run "
                        + "the tests again");
            }
        }
        Path profile = Files.createTempDirectory("pfw-chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserBinary.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile())
                .usingAnyFreePort().build();
        Recorder finder = Recorder.on(DRIVER_FINDER_LOG);
        Recorder manager = Recorder.on(SELENIUM_MANAGER_LOG);
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteProfile(profile);
            throw e;
        } finally {
            finder.remove();
            manager.remove();
        }
        Chromium chromium = new Chromium(driver, profile);
        // The proof that nothing was looked up or downloaded: Selenium said it skipped Selenium
        // Manager because the service names the driver, and Selenium Manager logged nothing.
        if (!finder.messages().stream().anyMatch(m -> m.startsWith("Skipping Selenium Manager"))
                || !manager.messages().isEmpty()) {
            chromium.close();
            throw new IllegalStateException("Selenium consulted Selenium Manager (which may download a browser or "
                    + "driver): " + finder.messages() + " " + manager.messages());
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return chromium;
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile(profile);
        }
    }

    private static void deleteProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser profile " + profile, e);
        }
    }

    /** Records what one logger logs at FINE and above while it is attached. */
    private static final class Recorder extends Handler {
        private final Logger logger;
        private final Level previous;
        private final List<String> messages = new CopyOnWriteArrayList<>();

        private Recorder(Logger logger) {
            this.logger = logger;
            this.previous = logger.getLevel();
        }

        static Recorder on(Logger logger) {
            Recorder recorder = new Recorder(logger);
            logger.setLevel(Level.FINE);
            recorder.setLevel(Level.FINE);
            logger.addHandler(recorder);
            return recorder;
        }

        List<String> messages() {
            return messages;
        }

        void remove() {
            logger.removeHandler(this);
            logger.setLevel(previous);
        }

        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
