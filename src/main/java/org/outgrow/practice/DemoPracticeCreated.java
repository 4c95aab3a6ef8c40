package org.outgrow.practice;

import java.util.List;
import java.util.UUID;

import org.outgrow.shared.PracticeId;

/**
 * The demo practice and its staff exist; other modules add their demo data on hearing it, in the
 * same transaction. {@code passwordHash} is the hash of the demo password, for demo client logins.
 */
public record DemoPracticeCreated(PracticeId practice, UUID admin, List<UUID> therapists, UUID supervisor,
                                  String passwordHash) {
}
