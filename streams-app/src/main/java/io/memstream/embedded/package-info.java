/** The in-process stack of the laptop jar and the integration tests: KRaft broker, PostgreSQL, Kafka Connect, schema registry. */
package io.memstream.embedded;
