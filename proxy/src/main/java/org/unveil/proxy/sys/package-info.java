/** The Linux system calls the proxy needs and the JDK does not offer, through java.lang.foreign (no JNI). */
package org.unveil.proxy.sys;
