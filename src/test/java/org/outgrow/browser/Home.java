package org.outgrow.browser;

import org.outgrow.identity.Role;
import org.outgrow.testing.TestPractice;

/** Where each person of the test practice lands after signing in, and the heading that greets them. */
record Home(String email, String path, String heading) {

    static Home of(Role role, TestPractice.People people) {
        return switch (role) {
            case ADMIN -> new Home(people.adminEmail(), "/admin", "Staff");
            case THERAPIST -> new Home(people.therapistEmail(), "/caseload", "My caseload");
            case SUPERVISOR -> new Home(people.supervisorEmail(), "/supervision", "Supervision");
            case CLIENT -> new Home(people.clientEmail(), "/portal", "Hello, Cleo Client");
        };
    }
}
