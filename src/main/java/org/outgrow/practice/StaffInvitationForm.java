package org.outgrow.practice;

import java.util.Set;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.outgrow.identity.Role;

/** What an administrator types to invite a member of staff. */
record StaffInvitationForm(@NotBlank @Email @Size(max = 320) String email,
                           @NotBlank @Size(max = 200) String displayName,
                           @NotEmpty Set<Role> roles) {

    static StaffInvitationForm empty() {
        return new StaffInvitationForm("", "", Set.of(Role.THERAPIST));
    }
}
