-- Cluster grants stored before grants named their kind hold bare ids ("prod") that reach a Kafka and a Connect
-- cluster alike. Each bare id becomes the kinds registered under it ("kafka:prod" and/or "connect:prod"), as
-- server/auth/cluster-scope.ts stores new grants; an id naming no registered cluster is kept as it is. The result
-- is deduplicated (UNION) and sorted byte-wise (COLLATE "C"), like normalizeClusters. Users and API tokens alike.
UPDATE "users" AS g SET "scope_clusters" = (
	SELECT array_agg(x.entry ORDER BY x.entry COLLATE "C") FROM (
		SELECT s.entry FROM unnest(g."scope_clusters") AS s(entry) WHERE s.entry LIKE 'kafka:%' OR s.entry LIKE 'connect:%'
			OR (NOT EXISTS (SELECT 1 FROM "kafka_clusters" k WHERE k."id" = s.entry) AND NOT EXISTS (SELECT 1 FROM "connect_clusters" c WHERE c."id" = s.entry))
		UNION SELECT 'kafka:' || k."id" FROM unnest(g."scope_clusters") AS s(entry) JOIN "kafka_clusters" k ON k."id" = s.entry
		UNION SELECT 'connect:' || c."id" FROM unnest(g."scope_clusters") AS s(entry) JOIN "connect_clusters" c ON c."id" = s.entry
	) AS x
)
WHERE EXISTS (SELECT 1 FROM unnest(g."scope_clusters") AS s(entry) WHERE s.entry NOT LIKE 'kafka:%' AND s.entry NOT LIKE 'connect:%'
	AND (EXISTS (SELECT 1 FROM "kafka_clusters" k WHERE k."id" = s.entry) OR EXISTS (SELECT 1 FROM "connect_clusters" c WHERE c."id" = s.entry)));
--> statement-breakpoint
UPDATE "api_tokens" AS g SET "scope_clusters" = (
	SELECT array_agg(x.entry ORDER BY x.entry COLLATE "C") FROM (
		SELECT s.entry FROM unnest(g."scope_clusters") AS s(entry) WHERE s.entry LIKE 'kafka:%' OR s.entry LIKE 'connect:%'
			OR (NOT EXISTS (SELECT 1 FROM "kafka_clusters" k WHERE k."id" = s.entry) AND NOT EXISTS (SELECT 1 FROM "connect_clusters" c WHERE c."id" = s.entry))
		UNION SELECT 'kafka:' || k."id" FROM unnest(g."scope_clusters") AS s(entry) JOIN "kafka_clusters" k ON k."id" = s.entry
		UNION SELECT 'connect:' || c."id" FROM unnest(g."scope_clusters") AS s(entry) JOIN "connect_clusters" c ON c."id" = s.entry
	) AS x
)
WHERE EXISTS (SELECT 1 FROM unnest(g."scope_clusters") AS s(entry) WHERE s.entry NOT LIKE 'kafka:%' AND s.entry NOT LIKE 'connect:%'
	AND (EXISTS (SELECT 1 FROM "kafka_clusters" k WHERE k."id" = s.entry) OR EXISTS (SELECT 1 FROM "connect_clusters" c WHERE c."id" = s.entry)));
