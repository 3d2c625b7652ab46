UPDATE "AuditEntry"
SET "detail" = json_remove("detail", '$.before', '$.after')
WHERE "action" = 'question.edit' AND "detail" IS NOT NULL AND json_valid("detail");

UPDATE "AuditEntry"
SET "detail" = json_set("detail", '$.excerpt', (SELECT substr(q."text", 1, 60) FROM "Question" q WHERE q."id" = "AuditEntry"."targetId"))
WHERE "targetType" = 'question' AND "detail" IS NOT NULL AND json_valid("detail")
  AND EXISTS (SELECT 1 FROM "Question" q WHERE q."id" = "AuditEntry"."targetId")
  AND EXISTS (SELECT 1 FROM "AuditEntry" e WHERE e."action" = 'question.edit' AND e."targetId" = "AuditEntry"."targetId");
