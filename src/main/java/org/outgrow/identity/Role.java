package org.outgrow.identity;

/** What a person may do in a practice; one person may hold several roles. */
public enum Role {
    CLIENT, THERAPIST, SUPERVISOR, ADMIN;

    public boolean staff() {
        return this != CLIENT;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
