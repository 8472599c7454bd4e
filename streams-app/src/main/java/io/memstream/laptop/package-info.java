/** The laptop jar's commands: {@code demo}, {@code embedded}, {@code produce}, {@code bench}, and its entry point. */
package io.memstream.laptop;
