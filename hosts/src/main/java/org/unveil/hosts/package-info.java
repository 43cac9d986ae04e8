/** Host discovery behind NAT: evidence extractors, clustering, host profiles. */
package org.unveil.hosts;
