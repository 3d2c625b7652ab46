-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PaperBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cycleId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "enteredById" TEXT,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedById" TEXT,
    "confirmedAt" DATETIME,
    "deletionRequestedById" TEXT,
    "deletionRequestedAt" DATETIME,
    "excludedAt" DATETIME,
    "ballotCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "PaperBatch_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PaperBatch_enteredById_fkey" FOREIGN KEY ("enteredById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PaperBatch_confirmedById_fkey" FOREIGN KEY ("confirmedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_PaperBatch" ("confirmedAt", "confirmedById", "cycleId", "deletionRequestedAt", "deletionRequestedById", "enteredAt", "enteredById", "excludedAt", "id", "label") SELECT "confirmedAt", "confirmedById", "cycleId", "deletionRequestedAt", "deletionRequestedById", "enteredAt", "enteredById", "excludedAt", "id", "label" FROM "PaperBatch";
DROP TABLE "PaperBatch";
ALTER TABLE "new_PaperBatch" RENAME TO "PaperBatch";
CREATE INDEX "PaperBatch_cycleId_idx" ON "PaperBatch"("cycleId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Batches entered before the count was kept.
UPDATE "PaperBatch" SET "ballotCount" = (SELECT count(*) FROM "Ballot" WHERE "Ballot"."batchId" = "PaperBatch"."id");
