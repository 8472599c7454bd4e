/**
 * Every memstream setting: {@link io.memstream.config.MemstreamConfig} defines each key once (default, validation,
 * documentation), and the Kafka Streams properties derived from them, RocksDB's memory bound included.
 */
package io.memstream.config;
