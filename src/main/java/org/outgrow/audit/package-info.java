/**
 * Append-only, hash-chained audit log of access to and changes of clinical data.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "clients"})
@NullMarked
package org.outgrow.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
