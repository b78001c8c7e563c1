/**
 * What the workers run. Worker JVMs start on the same class path as the service but run no
 * Spring: everything here is plain JDK code, reached through the serializable functions that
 * each class publishes as a constant.
 */
package io.github.mp4j.demo.task;
