/** Application payloads written into frames: HTTP/1.1 heads, DNS queries and answers, TLS ClientHellos. */
package org.unveil.generator.app;
