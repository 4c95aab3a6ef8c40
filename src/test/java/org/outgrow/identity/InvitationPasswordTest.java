package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Checklist T1 through the one place a password is set, the invitation link (there is no
 * self-registration and no change or reset form). Nobody has a second factor at that point, staff
 * included, so 15 characters is the minimum; length is counted in characters; any character goes;
 * no composition rules; the common list is refused whatever its case. A refused password brings
 * the form back with the reason and leaves the invitation usable.
 */
@OutgrowTest
class InvitationPasswordTest {

    private static final String TOO_SHORT = "Use at least 15 characters";
    private static final String TOO_LONG = "Use at most 128 characters";
    private static final String COMMON = "one of the most common";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    Invitations invitations;

    private static TestPractice.@Nullable People people;

    static Stream<Arguments> passwords() {
        Stream<Arguments> cases = Stream.of(
                Arguments.of("7 characters", ofLength(7), TOO_SHORT),
                Arguments.of("8 characters", ofLength(8), TOO_SHORT),
                Arguments.of("14 characters", ofLength(14), TOO_SHORT),
                Arguments.of("14 emoji (28 UTF-16 units, 56 bytes)", "🌱".repeat(14), TOO_SHORT),
                Arguments.of("15 characters", ofLength(15), null),
                Arguments.of("64 characters", ofLength(64), null),
                Arguments.of("128 characters", ofLength(128), null),
                Arguments.of("129 characters", ofLength(129), TOO_LONG),
                Arguments.of("64 characters of emoji and umlauts", "🌱ä🦊Ö".repeat(16), null),
                Arguments.of("with spaces", "four plain words with spaces", null),
                Arguments.of("all lower-case, no digit or symbol", "alllowercaseletters", null),
                Arguments.of("on the common list, 15 characters", "mailcreated5240", COMMON),
                Arguments.of("on the common list, other case", "MailCreated5240", COMMON));
        return cases.flatMap(arguments -> Stream.of(Role.THERAPIST, Role.CLIENT).map(role -> {
            Object[] values = arguments.get();
            return Arguments.of(role, values[0], values[1], values[2]);
        }));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("passwords")
    void aPasswordIsSetOnlyIfItIsLongEnoughAndNotCommon(Role role, String description, String password,
                                                        @Nullable String refusal) throws Exception {
        String email = "invited." + UUID.randomUUID() + "@" + practice().slug() + ".test";
        String path = practices.inPractice(practice(), () -> invitations.invite(email, "Ina Invited", Set.of(role),
                "Practice " + practice().slug())).link().substring("http://localhost".length());
        Visitor invitee = new Visitor(mvc);

        MvcResult answer = setPassword(invitee, path, password);

        if (refusal == null) {
            assertThat(answer.getResponse().getRedirectedUrl()).isEqualTo("/login?passwordSet");
            assertThat(new Visitor(mvc).signIn(email, password).getResponse().getRedirectedUrl())
                    .as("the password signs in exactly as typed")
                    .isEqualTo(role.staff() ? "/login/second-factor" : "/");
            assertThat(invitee.perform(get(path)).getResponse().getContentAsString()).contains("no longer works");
        } else {
            assertThat(answer.getResponse().getStatus()).isEqualTo(200);
            assertThat(answer.getResponse().getContentAsString()).as("the form comes back with the reason")
                    .contains(refusal).contains("aria-invalid=\"true\"")
                    .contains("action=\"" + path + "\"").contains("Welcome, Ina Invited");
            assertThat(new Visitor(mvc).signIn(email, password).getResponse().getRedirectedUrl())
                    .as("no password was set").isEqualTo("/login?error");
            assertThat(setPassword(invitee, path, "a sound new password").getResponse().getRedirectedUrl())
                    .as("the invitation is not spent").isEqualTo("/login?passwordSet");
        }
    }

    private static MvcResult setPassword(Visitor invitee, String path, String password) throws Exception {
        return invitee.perform(post(path).param("password", password).param("confirmation", password).with(csrf()));
    }

    /** Lower-case letters only, not on the common list. */
    private static String ofLength(int length) {
        return "k".repeat(length - 1) + "z";
    }

    private TestPractice.People practice() {
        if (people == null) {
            people = practices.create();
        }
        return people;
    }
}
