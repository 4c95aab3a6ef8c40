package org.outgrow.practice;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The practice settings an administrator edits. */
record SettingsForm(@NotBlank @Size(max = 200) String name,
                    @NotBlank String timeZone,
                    @Size(max = 4000) String crisisResources) {
}
