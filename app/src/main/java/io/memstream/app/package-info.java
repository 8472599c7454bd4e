/**
 * The application's lifecycle: loading the config (file, then {@code MEMSTREAM_*} environment), checking that Kafka
 * is reachable, creating topics, setting the registry compatibility memstream needs, building the topology with its
 * stage services, running Kafka Streams and the ops server, and closing all of it in order.
 */
package io.memstream.app;
