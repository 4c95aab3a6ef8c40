package org.outgrow.clients;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new client: a name to work with and, if they want the portal, an e-mail address. */
record ClientForm(@NotBlank @Size(max = 200) String displayName, @Email @Size(max = 320) String email) {

    static ClientForm empty() {
        return new ClientForm("", "");
    }
}
