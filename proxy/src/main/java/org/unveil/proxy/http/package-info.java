/** HTTP/1.1 request filtering by rules, on Netty's streaming request codec. */
package org.unveil.proxy.http;
