-- A request that is overdue opens its overdue alert once. The request round used to try every
-- overdue request again each round, so an alert the therapist had resolved came back ten minutes
-- later for as long as the request stayed open, and every round made an insert per overdue
-- request. The round now claims a request by setting overdue_alerted_at, as it claims reminders.
alter table measure_request add column overdue_alerted_at timestamptz;

-- Requests that already opened (or found open) an overdue alert for their episode count as
-- alerted, so a resolved alert does not come back once more after the upgrade.
alter table measure_request no force row level security;
alter table alert no force row level security;
update measure_request q set overdue_alerted_at = now()
where q.state = 'OPEN' and q.due_at < now() - interval '3 days'
  and exists (select 1 from alert a where a.practice_id = q.practice_id and a.episode_id = q.episode_id
              and a.kind = 'OVERDUE' and a.opened_at >= q.due_at);
alter table measure_request force row level security;
alter table alert force row level security;
