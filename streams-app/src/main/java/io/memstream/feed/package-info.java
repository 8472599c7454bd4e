/** Chat messages in and memories out on the laptop: input files, publishing, reading topics and the table back, progress lines. */
package io.memstream.feed;
