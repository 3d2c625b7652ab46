-- AlterTable
ALTER TABLE "Answer" ADD COLUMN "guestName" TEXT;
ALTER TABLE "Answer" ADD COLUMN "guestTitle" TEXT;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN "queuePosition" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_InterviewSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "titleZh" TEXT NOT NULL DEFAULT '',
    "titleEn" TEXT NOT NULL DEFAULT '',
    "summaryZh" TEXT NOT NULL DEFAULT '',
    "summaryEn" TEXT NOT NULL DEFAULT '',
    "topic" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "openedAt" DATETIME,
    "endedAt" DATETIME,
    "closedAt" DATETIME,
    "premoderated" BOOLEAN NOT NULL DEFAULT true,
    "allowAnonymous" BOOLEAN NOT NULL DEFAULT true,
    "replyWorkingDays" INTEGER NOT NULL DEFAULT 3,
    "currentQuestionId" TEXT,
    "streamUrl" TEXT NOT NULL DEFAULT '',
    "minutesZh" TEXT NOT NULL DEFAULT '',
    "minutesEn" TEXT NOT NULL DEFAULT '',
    "minutesAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "InterviewSession_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_InterviewSession" ("allowAnonymous", "closedAt", "createdAt", "createdById", "endedAt", "endsAt", "id", "openedAt", "premoderated", "replyWorkingDays", "startsAt", "summaryEn", "summaryZh", "titleEn", "titleZh", "topic", "updatedAt") SELECT "allowAnonymous", "closedAt", "createdAt", "createdById", "endedAt", "endsAt", "id", "openedAt", "premoderated", "replyWorkingDays", "startsAt", "summaryEn", "summaryZh", "titleEn", "titleZh", "topic", "updatedAt" FROM "InterviewSession";
DROP TABLE "InterviewSession";
ALTER TABLE "new_InterviewSession" RENAME TO "InterviewSession";
CREATE INDEX "InterviewSession_startsAt_idx" ON "InterviewSession"("startsAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
