/** Frame writing: link, network and transport headers, TCP options, lengths and checksums, allocation-free. */
package org.unveil.generator.frame;
