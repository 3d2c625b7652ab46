-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Suggestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "policyId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "anchorStart" TEXT NOT NULL,
    "anchorEnd" TEXT NOT NULL,
    "quote" TEXT NOT NULL,
    "replacement" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'replace',
    "explanation" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "reason" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "revisionNumber" INTEGER,
    "hiddenReason" TEXT,
    "submissionKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Suggestion_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Suggestion_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Suggestion_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Suggestion" ("anchorEnd", "anchorStart", "authorId", "authorName", "createdAt", "decidedAt", "decidedById", "explanation", "hiddenReason", "id", "policyId", "quote", "reason", "replacement", "revisionNumber", "status", "submissionKey") SELECT "anchorEnd", "anchorStart", "authorId", "authorName", "createdAt", "decidedAt", "decidedById", "explanation", "hiddenReason", "id", "policyId", "quote", "reason", "replacement", "revisionNumber", "status", "submissionKey" FROM "Suggestion";
DROP TABLE "Suggestion";
ALTER TABLE "new_Suggestion" RENAME TO "Suggestion";
CREATE UNIQUE INDEX "Suggestion_submissionKey_key" ON "Suggestion"("submissionKey");
CREATE INDEX "Suggestion_policyId_createdAt_idx" ON "Suggestion"("policyId", "createdAt");
CREATE INDEX "Suggestion_authorId_idx" ON "Suggestion"("authorId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
