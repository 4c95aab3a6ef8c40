/**
 * Read-only views: caseload, client progress, practice outcomes, public profile, PDF reports.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice", "clients", "episodes", "measurement", "sessions", "notes", "supervision", "wellbeing"})
@NullMarked
package org.outgrow.reporting;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
