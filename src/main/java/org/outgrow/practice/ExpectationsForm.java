package org.outgrow.practice;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The expectations statement as an administrator types it. */
record ExpectationsForm(@NotBlank @Size(max = 20000) String text) {
}
