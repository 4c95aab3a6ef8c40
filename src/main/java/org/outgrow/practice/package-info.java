/**
 * Practices (tenants), staff membership and roles, practice settings, supervision pairings.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity"})
@NullMarked
package org.outgrow.practice;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
