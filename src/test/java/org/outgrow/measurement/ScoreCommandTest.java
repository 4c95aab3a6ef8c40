package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ScoreCommandTest {

    private final Instrument phq9 = InstrumentLibrary.load().get("phq-9");

    @Test
    void scoresEachRowAgainstTheClientsFirstAndReportsInvalidRowsByLine() throws Exception {
        String input = """
                client,date,i1,i2,i3,i4,i5,i6,i7,i8,i9
                A17,2026-01-05,3,3,2,2,2,2,2,1,1
                A17,2026-03-02,1,1,1,1,1,1,1,1,0
                B02,2026-01-07,1,1,1,1,1,1,1,1,
                B02,2026-02-07,1,1,1,1,1,1,1,5,0
                =HYPERLINK("x"),2026-02-01,0,0,0,0,0,0,0,0,0
                A17,yesterday,0,0,0,0,0,0,0,0,0
                A17,2026-04-01,1,0,0,0,0,0,0,0,0
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ScoreCommand.score(phq9, new StringReader(input), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "client,date,total,band,caseness,risk,change",
                "A17,2026-01-05,18,moderately_severe,true,positive,",
                "A17,2026-03-02,8,mild,false,negative,reliable_recovery",
                "B02,2026-01-07,,,,unknown,",
                "'=HYPERLINK(x),2026-02-01,0,minimal,false,negative,", // a formula is neutralised
                "A17,2026-04-01,1,minimal,false,negative,reliable_recovery");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "line 5: Item 'phq9_8' has no answer with the value 5",
                "line 7: the date is not an ISO date (YYYY-MM-DD)");
    }
}
