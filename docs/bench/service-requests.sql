-- 2,000,000 synthetic community-affairs requests over the demo's committees' residents, the last 365 days; 95 % closed
-- (done or returned), 5 % open (submitted, accepted, forwarded), a tenth of the open ones past their day; a third
-- handled on the resident's behalf; the tallies counted from them.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000),
r AS (SELECT id, node_id, node_path, row_number() OVER (ORDER BY id) - 1 AS k FROM resident WHERE moved_out IS NULL),
rc AS (SELECT count(*) AS c FROM r)
INSERT INTO service_request (number, item_code, resident_id, node_id, node_path, filed_at_id, filed_at_path, applicant_user_id, on_behalf, authorisation,
    detail, state, due_on, filed_at, filed_by, closed_at, outcome, client_key, version)
SELECT 'YWB-' || i,
       CASE i % 4 WHEN 0 THEN 'elderlyAllowance' WHEN 1 THEN 'seniorCard' WHEN 2 THEN 'residencePermit' ELSE 'pensionCertification' END,
       r.id, r.node_id, r.node_path, r.node_id, r.node_path, NULL, i % 3 = 0, CASE WHEN i % 3 = 0 THEN 'phone' END, '',
       CASE WHEN i % 20 = 0 THEN (CASE i % 3 WHEN 0 THEN 'submitted' WHEN 1 THEN 'accepted' ELSE 'forwarded' END) WHEN i % 7 = 0 THEN 'returned' ELSE 'done' END,
       20794 - (i % 365) + (CASE WHEN i % 200 = 0 THEN -30 ELSE 10 END),
       (1796601600 - (i % 365) * 86400) * 1000, '社工', NULL, NULL, 'bench-' || i, 1
FROM n, rc JOIN r ON r.k = n.i % rc.c;
INSERT INTO service_request_tally (committee_id, committee_path, key, count)
SELECT node_id, node_path, 'total', count(*) FROM service_request GROUP BY node_id
ON CONFLICT (committee_id, key) DO UPDATE SET count = excluded.count;
INSERT INTO service_request_tally (committee_id, committee_path, key, count)
SELECT node_id, node_path, 'state:' || state, count(*) FROM service_request GROUP BY node_id, state
ON CONFLICT (committee_id, key) DO UPDATE SET count = excluded.count;
INSERT INTO service_request_tally (committee_id, committee_path, key, count)
SELECT node_id, node_path, 'item:' || item_code, count(*) FROM service_request GROUP BY node_id, item_code
ON CONFLICT (committee_id, key) DO UPDATE SET count = excluded.count;
INSERT INTO service_request_tally (committee_id, committee_path, key, count)
SELECT node_id, node_path, 'onBehalf', count(*) FROM service_request WHERE on_behalf GROUP BY node_id
ON CONFLICT (committee_id, key) DO UPDATE SET count = excluded.count;
ANALYZE;
