/**
 * The therapist's private self-checks and load indicators.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice", "clients", "episodes", "measurement", "sessions", "notes"})
@NullMarked
package org.outgrow.wellbeing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
