-- A case can be withdrawn from supervision (the client asked, or it was brought by mistake). The
-- supervisor no longer sees it from their next request on; the therapist keeps what was agreed.
alter table supervision_request drop constraint supervision_request_state_check;
alter table supervision_request add constraint supervision_request_state_check
    check (state in ('OPEN', 'DISCUSSED', 'WITHDRAWN'));
alter table supervision_request add column withdrawn_at timestamptz;
alter table supervision_request add constraint supervision_request_withdrawn_when
    check ((state = 'WITHDRAWN') = (withdrawn_at is not null));
