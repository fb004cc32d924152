package com.promptfloe.webhooks.examples.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Debian's browser packages the browser tests fail and say how to install them. */
class ChromiumTest {

    @TempDir
    Path dir;

    @Test
    void aMissingBrowserFailsNamingTheInstallScript() {
        assertThatThrownBy(() -> Chromium.start(dir.resolve("chromium"), Chromium.DRIVER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("chromium").toString())
                .hasMessageContaining(".ci/install-browser");
    }

    @Test
    void aMissingDriverFailsNamingTheInstallScript() throws IOException {
        // A stand-in browser, so that the driver is what is missing whether or not this machine has
        // Debian's chromium yet (the tests' pre-integration-test step installs it after this test).
        Path browser = Files.createFile(dir.resolve("chromium"));
        assertThat(browser.toFile().setExecutable(true)).isTrue();

        assertThatThrownBy(() -> Chromium.start(browser, dir.resolve("chromedriver")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("chromedriver").toString())
                .hasMessageContaining(".ci/install-browser");
    }
}
