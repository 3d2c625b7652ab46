-- CreateTable
CREATE TABLE "QuestionRouting" (
    "id" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "fromDepartmentId" TEXT NOT NULL,
    "toDepartmentId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionRouting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QuestionRouting_questionId_createdAt_idx" ON "QuestionRouting"("questionId", "createdAt");

-- CreateIndex
CREATE INDEX "QuestionRouting_fromDepartmentId_idx" ON "QuestionRouting"("fromDepartmentId");

-- CreateIndex
CREATE INDEX "QuestionRouting_toDepartmentId_idx" ON "QuestionRouting"("toDepartmentId");

-- AddForeignKey
ALTER TABLE "QuestionRouting" ADD CONSTRAINT "QuestionRouting_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionRouting" ADD CONSTRAINT "QuestionRouting_fromDepartmentId_fkey" FOREIGN KEY ("fromDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionRouting" ADD CONSTRAINT "QuestionRouting_toDepartmentId_fkey" FOREIGN KEY ("toDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The routings made before this table, from the audit log's reassign entries (each one kept the
-- department it came from and the one it went to), where the question and both departments exist.
INSERT INTO "QuestionRouting" ("id", "questionId", "fromDepartmentId", "toDepartmentId", "createdAt")
SELECT 'audit-' || a."id", a."targetId", a."detail"::json->>'fromDepartmentId', a."detail"::json->>'departmentId', a."createdAt"
FROM "AuditEntry" a
WHERE a."action" = 'question.reassign'
  AND a."detail" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "Question" q WHERE q."id" = a."targetId")
  AND EXISTS (SELECT 1 FROM "Department" d WHERE d."id" = a."detail"::json->>'fromDepartmentId')
  AND EXISTS (SELECT 1 FROM "Department" d WHERE d."id" = a."detail"::json->>'departmentId');
