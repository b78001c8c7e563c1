package io.github.mp4j.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo service. {@code java -jar demo-service.jar} runs the default batch job and exits;
 * {@code java -jar demo-service.jar --demo.mode=service} serves http://localhost:8080/.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DemoApplication {

    /**
     * @param args Spring Boot arguments, such as {@code --demo.mode=service} or {@code --mp.processes=4}
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(DemoApplication.class);
        application.addListeners(new WebServerInServiceModeOnly());
        ConfigurableApplicationContext context = application.run(args);
        if (context.getBean(DemoProperties.class).mode() == DemoProperties.Mode.BATCH) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
