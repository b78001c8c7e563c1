/**
 * Spring Boot Actuator support: the pool's meters bound to the application's registry, a health
 * indicator that is up while workers are alive, and the {@code /actuator/mp} endpoint listing the
 * pool's settings and workers.
 */
package io.github.mp4j.actuator;
