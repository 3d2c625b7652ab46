-- CreateTable
CREATE TABLE "QuestionRouting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "fromDepartmentId" TEXT NOT NULL,
    "toDepartmentId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuestionRouting_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuestionRouting_fromDepartmentId_fkey" FOREIGN KEY ("fromDepartmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuestionRouting_toDepartmentId_fkey" FOREIGN KEY ("toDepartmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "QuestionRouting_questionId_createdAt_idx" ON "QuestionRouting"("questionId", "createdAt");

-- CreateIndex
CREATE INDEX "QuestionRouting_fromDepartmentId_idx" ON "QuestionRouting"("fromDepartmentId");

-- CreateIndex
CREATE INDEX "QuestionRouting_toDepartmentId_idx" ON "QuestionRouting"("toDepartmentId");

-- The routings made before this table, from the audit log's reassign entries (each one kept the
-- department it came from and the one it went to), where the question and both departments exist.
INSERT INTO "QuestionRouting" ("id", "questionId", "fromDepartmentId", "toDepartmentId", "createdAt")
SELECT 'audit-' || a."id", a."targetId", json_extract(a."detail", '$.fromDepartmentId'), json_extract(a."detail", '$.departmentId'), a."createdAt"
FROM "AuditEntry" a
WHERE a."action" = 'question.reassign'
  AND json_valid(a."detail")
  AND EXISTS (SELECT 1 FROM "Question" q WHERE q."id" = a."targetId")
  AND EXISTS (SELECT 1 FROM "Department" d WHERE d."id" = json_extract(a."detail", '$.fromDepartmentId'))
  AND EXISTS (SELECT 1 FROM "Department" d WHERE d."id" = json_extract(a."detail", '$.departmentId'));
