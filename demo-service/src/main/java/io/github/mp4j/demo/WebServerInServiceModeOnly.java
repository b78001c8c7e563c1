package io.github.mp4j.demo;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Batch mode needs no web server (and should not fail because port 8080 is taken): once the
 * configuration is known, and before the context is created, the application is made a plain
 * one unless {@code demo.mode} is {@code service}.
 */
final class WebServerInServiceModeOnly implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        DemoProperties.Mode mode = Binder.get(event.getEnvironment()).bind("demo.mode", DemoProperties.Mode.class)
                .orElse(DemoProperties.Mode.BATCH);
        if (mode == DemoProperties.Mode.BATCH) {
            event.getSpringApplication().setWebApplicationType(WebApplicationType.NONE);
        }
    }
}
