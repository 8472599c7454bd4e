/**
 * Text every store downstream can hold: {@link io.memstream.text.StorableText} removes what PostgreSQL's {@code text}
 * type refuses (NUL) and what UTF-8 cannot encode (lone surrogates), and cuts text to a byte budget at a character
 * boundary. docs/producers.md says what happens to a message's text on the way in.
 */
package io.memstream.text;
