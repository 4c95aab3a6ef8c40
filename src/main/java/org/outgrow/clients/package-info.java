/**
 * Client records, portal invitations, consent and the acknowledgement of the expectations statement.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice"})
@NullMarked
package org.outgrow.clients;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
