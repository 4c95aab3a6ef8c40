-- An episode's alerts and a client's open ones were found by reading the whole alert table: the
-- only indexes were by owner and, for the kinds other than risk, one open alert per episode. Risk
-- alerts (one per risky answer) stay until resolved, so the table grows with the practice, and
-- the caseload page read it once per client (38 ms of its 40 with 16,000 open alerts,
-- docs/benchmarks.md). The episode page, the caseload, a handover, an erasure request and
-- emergency access each look alerts up by episode or by client.
create index alert_of_episode on alert (practice_id, episode_id, opened_at);
create index alert_open_of_client on alert (practice_id, client_id) where state = 'OPEN';
