package org.outgrow.identity;

import java.io.Serializable;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.outgrow.shared.Actor;
import org.outgrow.shared.PracticeId;

/** The signed-in person, as kept in their session. Holds no credentials and no clinical data. */
public record OutgrowUser(UUID accountId, PracticeId practiceId, String displayName, Set<Role> roles)
        implements Serializable, Actor {

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean staff() {
        return roles.stream().anyMatch(Role::staff);
    }

    @Override
    public String roleNames() {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return accountId.toString();
    }
}
