/** Labelled synthetic captures: host models (IPID, TCP clocks, stacks), NAT, and address rewriting (natify). */
package org.unveil.synth;
