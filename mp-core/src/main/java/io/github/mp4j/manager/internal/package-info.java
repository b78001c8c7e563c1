/** The manager's server, its wire protocol, the proxies' invocation handler and the served objects. */
package io.github.mp4j.manager.internal;
