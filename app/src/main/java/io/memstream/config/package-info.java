/**
 * Every memstream setting: {@link io.memstream.config.MemstreamConfig} defines each key once (default, validation,
 * documentation) and reads them once into typed settings per concern, the records and enums of this package, which
 * the stages take instead of the whole config; and the Kafka Streams properties derived from them, RocksDB's memory
 * bound included.
 */
package io.memstream.config;
