/**
 * Appointments and attendance, session preparation, between-session tasks and agency indicators.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice", "clients", "episodes"})
@NullMarked
package org.outgrow.sessions;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
