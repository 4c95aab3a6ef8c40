package org.outgrow.sessions;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * How much of the joint work the client carries, shown to client and therapist as information about
 * the work, never as a score of the person. Each is a count out of a whole; with nothing to count
 * yet ({@code of} is 0) it is not shown.
 * <ul>
 *   <li><b>preparation:</b> attended sessions the client prepared for (wrote what to bring or how the time since went);</li>
 *   <li><b>own agenda:</b> attended sessions for which the client wrote what they wanted to bring;</li>
 *   <li><b>tasks proposed:</b> tasks the client proposed, a task proposed together counting half;</li>
 *   <li><b>follow-through:</b> tasks the client logged at least one attempt of.</li>
 * </ul>
 */
public record AgencyIndicators(Share preparation, Share ownAgenda, Share tasksProposed, Share followThrough) {

    /** {@code count} out of {@code of}; halves are possible for tasks proposed together. */
    public record Share(double count, int of) {

        public boolean shown() {
            return of > 0;
        }

        /** "3", or "2.5" when a task proposed together counts half. */
        public String counted() {
            return count == Math.rint(count) ? Long.toString(Math.round(count)) : Double.toString(count);
        }

        public int percent() {
            return of == 0 ? 0 : (int) Math.round(100 * count / of);
        }
    }

    static AgencyIndicators of(List<Appointment> appointments, List<JointWork.Preparation> preparations,
                               List<JointWork.Task> tasks) {
        Set<UUID> attended = appointments.stream()
                .filter(appointment -> appointment.attendance() == Appointment.Attendance.ATTENDED)
                .map(Appointment::id).collect(Collectors.toSet());
        List<JointWork.Preparation> forAttended = preparations.stream()
                .filter(preparation -> attended.contains(preparation.appointmentId())).toList();
        double proposed = tasks.stream().mapToDouble(task -> switch (task.proposedBy()) {
            case CLIENT -> 1;
            case TOGETHER -> 0.5;
            case THERAPIST -> 0;
        }).sum();
        return new AgencyIndicators(new Share(forAttended.size(), attended.size()),
                new Share(forAttended.stream().filter(preparation -> !blank(preparation.bring())).count(),
                        attended.size()),
                new Share(proposed, tasks.size()),
                new Share(tasks.stream().filter(JointWork.Task::tried).count(), tasks.size()));
    }

    private static boolean blank(@org.jspecify.annotations.Nullable String text) {
        return text == null || text.isBlank();
    }
}
