/**
 * A transparent TCP and HTTP/1.1 proxy that intercepts through TPROXY and whose standby process takes over every
 * live connection when the active one dies (thesis §7): sockets duplicated to the standby as they are accepted,
 * buffers and bookkeeping in a shared memory-mapped state file.
 */
package org.unveil.proxy;
