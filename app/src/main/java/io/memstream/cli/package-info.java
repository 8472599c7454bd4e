/** The production command line: {@code memstream-app.jar run} and the error handling every command shares. */
package io.memstream.cli;
