-- Mail is queued in the transaction that decides to send it and delivered afterwards with retries,
-- so a mail server outage delays mail and never loses it or the work that caused it.
-- Bodies are encrypted (they may hold sign-in links) and cleared once delivered.
create table mail_outbox (
    practice_id     uuid not null references practice (id),
    id              uuid primary key,
    recipient       text not null,
    subject         text not null,
    body            bytea,
    created_at      timestamptz not null,
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,
    sent_at         timestamptz,
    last_error      text
);
create index mail_outbox_pending on mail_outbox (practice_id, next_attempt_at) where sent_at is null;

alter table mail_outbox enable row level security;
alter table mail_outbox force row level security;
create policy mail_outbox_tenant on mail_outbox using (practice_id = app_practice());

grant select, insert, update on mail_outbox to ${appRole};
