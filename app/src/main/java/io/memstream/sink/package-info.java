/**
 * Watching and healing the PostgreSQL sink: the Kafka Connect connector that writes enhanced-memories into the
 * {@code memories} table runs outside memstream's process, so its state, its consumer lag and its failures are read
 * from Connect's REST API and from the connector's consumer group, then shown in {@code /health} and {@code /metrics};
 * where memstream runs Connect itself (the laptop stack) it also restarts failed tasks with backoff.
 */
package io.memstream.sink;
