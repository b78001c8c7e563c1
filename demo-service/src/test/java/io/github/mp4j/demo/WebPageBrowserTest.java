package io.github.mp4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The web page in a real headless Chromium: submit a job by clicking, follow it to 100%, see the
 * chart drawn and both workers listed. Leaves a screenshot in target/screenshots/demo-page.png.
 * Chromium and chromedriver come from Debian's {@code chromium} and {@code chromium-driver}
 * packages; without them this test fails (it is not skipped).
 */
class WebPageBrowserTest extends RunningDemo {

    static final Path SCREENSHOT = Path.of("target", "screenshots", "demo-page.png");

    private static Path profile;
    private static WebDriver browser;

    @BeforeAll
    static void startChromium() throws IOException {
        Path chromium = executable("demo.browser.chromium", "/usr/bin/chromium");
        Path chromedriver = executable("demo.browser.chromedriver", "/usr/bin/chromedriver");
        profile = Files.createTempDirectory("mp4j-demo-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1400", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    private static Path executable(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback));
        if (!Files.isExecutable(path)) {
            throw new AssertionError(path + " is missing, and the browser test needs it (" + property + "). Install"
                    + " Chromium and its driver: apt-get update && apt-get install -y chromium chromium-driver");
        }
        return path;
    }

    @AfterAll
    static void quitChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> paths = Files.walk(profile)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void submitAJobAndWatchItRunOnTheWorkers() throws IOException {
        // the page re-renders its tables and labels as it polls: an element found a moment ago may be gone
        WebDriverWait wait = new WebDriverWait(browser, DemoClient.PATIENCE);
        wait.ignoring(StaleElementReferenceException.class);
        browser.get(demo.base() + "/");
        wait.until(page -> page.findElements(By.cssSelector("#job-type option")).size() == 4);
        assertThat(element("job-type").getDomProperty("value")).isEqualTo("primes");

        WebElement limit = element("param-limit");
        limit.clear();
        limit.sendKeys("10000000");
        WebElement ranges = element("param-ranges");
        ranges.clear();
        ranges.sendKeys("400");
        element("submit-job").click();

        wait.until(page -> "100".equals(element("progress-text").getDomAttribute("data-percent")));
        String state = wait.until(page -> element("job-state").getText());
        String label = wait.until(page -> element("job-label").getText());
        String result = wait.until(page -> element("job-result").getText());
        assertThat(state).isEqualTo("SUCCEEDED");
        assertThat(label).startsWith("primes-below-10000000");
        assertThat(result).isEqualTo("664,579");
        wait.until(page -> element("chunk-count").getText().equals("400"));

        // the chart: samples plotted while the job ran, and a few after
        wait.until(page -> Integer.parseInt(element("chart").getDomAttribute("data-points")) >= 16);

        Set<String> apiPids = new TreeSet<>();
        for (JsonNode worker : demo.getJson("/actuator/mp").get("workers")) {
            apiPids.add(worker.get("pid").asString());
        }
        assertThat(apiPids).hasSize(2);
        wait.until(page -> pidsShown().equals(apiPids));
        wait.until(page -> element("health").getText().equals("pool: UP"));

        Files.createDirectories(SCREENSHOT.getParent());
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isPositive();
    }

    /**
     * Two jobs at once on the shared pool: each has its own row with its own progress, both are
     * shown running together, both finish, and clicking a row follows that job.
     */
    @Test
    void twoJobsRunAtOnceEachWithItsOwnProgress() {
        WebDriverWait wait = new WebDriverWait(browser, DemoClient.PATIENCE);
        wait.ignoring(StaleElementReferenceException.class);
        browser.get(demo.base() + "/");
        String first = demo.submit("primes", Map.of("limit", 10_000_000, "ranges", 400));
        String second = demo.submit("primes", Map.of("limit", 9_000_000, "ranges", 300));

        wait.until(page -> "RUNNING".equals(jobRow(first).getDomAttribute("data-state"))
                && "RUNNING".equals(jobRow(second).getDomAttribute("data-state")));
        wait.until(page -> "100".equals(jobRow(first).getDomAttribute("data-percent"))
                && "100".equals(jobRow(second).getDomAttribute("data-percent")));
        assertThat(jobRow(first).getDomAttribute("data-state")).isEqualTo("SUCCEEDED");
        assertThat(jobRow(second).getDomAttribute("data-state")).isEqualTo("SUCCEEDED");
        assertThat(jobRow(second).findElement(By.cssSelector("td.job-progress")).getText()).isEqualTo("100% (300/300)");

        jobRow(second).click();
        wait.until(page -> element("job-label").getText().endsWith("(" + second + ")"));
        wait.until(page -> element("jobs-running").getText().equals("0 running"));
    }

    private static WebElement jobRow(String id) {
        return browser.findElement(By.cssSelector("#jobs tbody tr[data-job-id='" + id + "']"));
    }

    private static Set<String> pidsShown() {
        List<WebElement> cells = browser.findElements(By.cssSelector("#workers tbody td.pid"));
        Set<String> pids = new TreeSet<>();
        cells.forEach(cell -> pids.add(cell.getText()));
        return pids;
    }

    private static WebElement element(String id) {
        return browser.findElement(By.id(id));
    }
}
