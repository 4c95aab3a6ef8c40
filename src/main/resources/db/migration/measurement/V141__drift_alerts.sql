-- Drift: the work has run past the agreement without a review, or many sessions without reliable change.
alter table alert drop constraint alert_kind_check;
alter table alert add constraint alert_kind_check
    check (kind in ('RISK', 'NOT_ON_TRACK', 'DETERIORATION', 'ALLIANCE_DROP', 'DRIFT', 'OVERDUE'));
