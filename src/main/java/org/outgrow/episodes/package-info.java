/**
 * Episodes of therapy: lifecycle, agreement, change foci and goals, reviews, ending and follow-up.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "practice", "clients"})
@NullMarked
package org.outgrow.episodes;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
