package io.memstream.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The metrics/health server and what it watches besides the app.
 *
 * @param port 0 = any free port, -1 = no server
 * @param embeddedBindAddress interface every server of the laptop stack listens on
 * @param sinkConnectUrl Kafka Connect REST URL of the PostgreSQL sink's worker; empty when the sink is not watched
 */
public record OpsSettings(int port, String bindAddress, String embeddedBindAddress, Optional<String> sinkConnectUrl,
                          String sinkConnectorName, Duration sinkPollInterval) {
}
