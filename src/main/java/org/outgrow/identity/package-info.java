/**
 * Accounts and authentication: passwords, second factor, one-time links, throttling and session timeouts.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package org.outgrow.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
