/**
 * Supervision requests, the supervisor queue, supervision records and sign-offs.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice", "clients", "episodes", "measurement", "sessions", "notes"})
@NullMarked
package org.outgrow.supervision;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
