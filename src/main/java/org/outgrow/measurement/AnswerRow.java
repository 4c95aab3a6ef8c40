package org.outgrow.measurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CSV row of answers, as the {@code score} command and imports read it: the client, an ISO
 * date, then one cell per item in the instrument's order, empty where unanswered.
 */
public final class AnswerRow {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,6}");

    private AnswerRow() {
    }

    /** What is wrong with the row's number of cells, if anything. */
    public static Optional<String> shapeProblem(Instrument instrument, List<String> cells) {
        int items = instrument.items().size();
        return cells.size() == 2 + items ? Optional.empty() : Optional.of("expected " + (2 + items)
                + " columns (client, date, " + items + " items), found " + cells.size());
    }

    /** The row's answers; an {@link InvalidResponse} names the item whose cell is not a whole number. */
    public static List<Answer> answers(Instrument instrument, List<String> cells) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < instrument.items().size(); i++) {
            String cell = cells.get(2 + i).strip();
            String item = instrument.items().get(i).id();
            if (!cell.isEmpty() && !WHOLE_NUMBER.matcher(cell).matches()) {
                throw new InvalidResponse("the answer to " + item + " is not a whole number");
            }
            answers.add(cell.isEmpty() ? Answer.missing(item) : Answer.of(item, Integer.parseInt(cell)));
        }
        return answers;
    }
}
