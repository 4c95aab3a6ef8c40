/**
 * Instrument definitions, questionnaire requests and responses, scoring, change statistics and alerts.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice", "clients", "episodes", "sessions"})
@NullMarked
package org.outgrow.measurement;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
