UPDATE "AuditEntry"
SET "detail" = (("detail"::jsonb) - 'before' - 'after')::text
WHERE "action" = 'question.edit' AND "detail" IS NOT NULL;

UPDATE "AuditEntry" AS a
SET "detail" = jsonb_set(a."detail"::jsonb, '{excerpt}', to_jsonb(substr(q."text", 1, 60)))::text
FROM "Question" q
WHERE a."targetType" = 'question' AND a."detail" IS NOT NULL AND q."id" = a."targetId"
  AND EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."action" = 'question.edit' AND e."targetId" = a."targetId");
