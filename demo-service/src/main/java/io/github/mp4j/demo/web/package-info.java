/**
 * The REST API under {@code /api} and its error answers; the web page itself is static
 * ({@code src/main/resources/static}).
 */
package io.github.mp4j.demo.web;
