/** RTP, G.711, RFC 4733 and DTMF detection in plain Java, tested byte by byte. */
package io.ringback.media;
