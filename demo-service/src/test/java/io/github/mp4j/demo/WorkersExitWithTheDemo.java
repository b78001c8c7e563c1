package io.github.mp4j.demo;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;
import org.springframework.test.context.support.DirtiesContextTestExecutionListener;

/**
 * Checks, once a test class's application has been closed (after {@link DirtiesContextTestExecutionListener},
 * whose order is higher, so its {@code afterTestClass} runs first), that every process it started
 * has exited: worker JVMs must not outlive the application.
 */
final class WorkersExitWithTheDemo extends AbstractTestExecutionListener {

    @Override
    public int getOrder() {
        return new DirtiesContextTestExecutionListener().getOrder() - 1;
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(DemoClient.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("process " + child.pid() + " (" + child.info().commandLine().orElse("?")
                        + ") still runs " + DemoClient.PATIENCE + " after the demo closed", e);
            }
        }
    }
}
