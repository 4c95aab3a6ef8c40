/**
 * Progress notes, sealed process notes, relational dynamics and ruptures.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice", "clients", "episodes"})
@NullMarked
package org.outgrow.notes;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
