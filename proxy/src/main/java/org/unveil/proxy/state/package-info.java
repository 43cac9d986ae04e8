/** The memory-mapped state file the active proxy writes and its standby resumes from. */
package org.unveil.proxy.state;
