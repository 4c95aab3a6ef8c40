package org.outgrow.practice;

import java.time.ZoneId;

import org.outgrow.shared.PracticeId;

/** A practice: the tenant that owns its staff, clients and records, with its settings. */
public record Practice(PracticeId id, String slug, String name, ZoneId timeZone, String crisisResources,
                       boolean demo) {
}
