/** Validation of chat messages and the per-session batcher: 20 messages, an idle gap, or SESSION_END close a batch. */
package io.memstream.batching;
