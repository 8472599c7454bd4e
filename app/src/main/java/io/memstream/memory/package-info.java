/**
 * The embedder and the memory index: per scope (user, or agent and user), deduplicate, reinforce, supersede, apply
 * retention in event time, forget, and cap; the memory-state changelog to enhanced-memories.
 */
package io.memstream.memory;
