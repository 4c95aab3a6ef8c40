/**
 * What every module stands on: the clock, typed IDs, the tenancy context, the database, the web
 * shell (layout, errors, htmx helpers), mail and the audit event that modules publish.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package org.outgrow.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
