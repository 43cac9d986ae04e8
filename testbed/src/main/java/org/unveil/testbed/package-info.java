/** Runs the network-namespace testbed (NAT and load-balancer scenarios) and checks its captures and labels. */
package org.unveil.testbed;
