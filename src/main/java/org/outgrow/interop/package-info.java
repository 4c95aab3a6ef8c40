/**
 * FHIR API and mapping, bulk import, CSV and client data export.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice", "clients", "episodes", "measurement", "sessions", "notes", "supervision", "wellbeing"})
@NullMarked
package org.outgrow.interop;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
