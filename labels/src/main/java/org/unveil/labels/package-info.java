/** Ground-truth label files (NAT and load-balancer), shared by the testbed, the generator and accuracy checks. */
package org.unveil.labels;
