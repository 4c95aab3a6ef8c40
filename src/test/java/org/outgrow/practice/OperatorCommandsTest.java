package org.outgrow.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.shared.Commands;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;

/** The first administrator of a production practice comes from the create-admin command. */
@OutgrowTest
@ExtendWith(OutputCaptureExtension.class)
class OperatorCommandsTest {

    @Autowired
    List<Commands.OperatorCommand> commands;

    @Autowired
    Practices practices;

    @Autowired
    MockMvc mvc;

    @Test
    void createAdminMakesThePracticeAndPrintsALinkToSetThePassword(CapturedOutput output) throws Exception {
        int exit = command("create-admin").run(List.of("--practice", "riverside", "--practice-name", "Riverside",
                "--email", "first.admin@riverside.test", "--name", "First Admin", "--time-zone", "Europe/Berlin"));
        assertThat(exit).isZero();
        assertThat(practices.findBySlug("riverside")).isPresent();
        Matcher link = Pattern.compile("http://localhost(/invitations/[\\w-]+)").matcher(output.getOut());
        assertThat(link.find()).isTrue();
        assertThat(new Visitor(mvc).perform(post(link.group(1)).param("password", "first admin password")
                .param("confirmation", "first admin password").with(csrf())).getResponse().getRedirectedUrl())
                .isEqualTo("/login?passwordSet");
        assertThat(new Visitor(mvc).signIn("first.admin@riverside.test", "first admin password").getResponse()
                .getRedirectedUrl()).as("an administrator must set up a second factor").isEqualTo("/login/second-factor");

        assertThat(command("create-admin").run(List.of("--practice", "Not A Slug", "--email", "x@y.test", "--name",
                "X"))).isEqualTo(2);
        assertThat(command("create-admin").run(List.of("--practice", "riverside"))).isEqualTo(2);
        assertThat(output.getErr()).contains("Missing: --email");
    }

    @Test
    void auditVerifyReportsAnIntactLog(CapturedOutput output) {
        assertThat(command("audit-verify").run(List.of())).isZero();
        assertThat(output.getOut()).contains("Audit log intact");
    }

    private Commands.OperatorCommand command(String name) {
        return commands.stream().filter(command -> command.name().equals(name)).findFirst().orElseThrow();
    }
}
