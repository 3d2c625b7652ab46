-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PolicyVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "policyId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "changeNote" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "responseReport" TEXT,
    "textForm" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PolicyVersion_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PolicyVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_PolicyVersion" ("changeNote", "content", "createdAt", "createdById", "html", "id", "number", "policyId", "responseReport", "text") SELECT "changeNote", "content", "createdAt", "createdById", "html", "id", "number", "policyId", "responseReport", "text" FROM "PolicyVersion";
DROP TABLE "PolicyVersion";
ALTER TABLE "new_PolicyVersion" RENAME TO "PolicyVersion";
CREATE UNIQUE INDEX "PolicyVersion_policyId_number_key" ON "PolicyVersion"("policyId", "number");
CREATE TABLE "new_Revision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "policyId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "state" BLOB NOT NULL,
    "content" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sizeChange" INTEGER NOT NULL,
    "change" TEXT NOT NULL DEFAULT '',
    "textForm" INTEGER NOT NULL DEFAULT 0,
    "lastUpdateId" INTEGER NOT NULL,
    "restoredFromId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Revision_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Revision" ("content", "createdAt", "id", "lastUpdateId", "number", "policyId", "restoredFromId", "size", "sizeChange", "state", "summary", "text") SELECT "content", "createdAt", "id", "lastUpdateId", "number", "policyId", "restoredFromId", "size", "sizeChange", "state", "summary", "text" FROM "Revision";
DROP TABLE "Revision";
ALTER TABLE "new_Revision" RENAME TO "Revision";
CREATE UNIQUE INDEX "Revision_policyId_number_key" ON "Revision"("policyId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
