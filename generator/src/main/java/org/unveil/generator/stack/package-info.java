/** Host stack models (SYN signature, IPID, TCP clock, ports) and the seeded random sources they draw from. */
package org.unveil.generator.stack;
