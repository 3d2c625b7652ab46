-- AlterTable
ALTER TABLE "InterviewHost" ADD COLUMN "topicEn" TEXT;
ALTER TABLE "InterviewHost" ADD COLUMN "topicZh" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Question" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "askerId" TEXT,
    "enteredById" TEXT,
    "channel" TEXT NOT NULL DEFAULT 'online',
    "type" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "searchText" TEXT NOT NULL DEFAULT '',
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "rejectionReason" TEXT,
    "mergedIntoId" TEXT,
    "departmentId" TEXT,
    "voteCount" INTEGER NOT NULL DEFAULT 0,
    "complexity" TEXT NOT NULL DEFAULT 'normal',
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" DATETIME,
    "answeringAt" DATETIME,
    "queuePosition" INTEGER,
    "firstReplyDueAt" DATETIME NOT NULL,
    "resolutionDueAt" DATETIME NOT NULL,
    "firstRepliedAt" DATETIME,
    "resolvedAt" DATETIME,
    "satisfied" BOOLEAN,
    "ratingComment" TEXT,
    "ratedAt" DATETIME,
    "submissionKey" TEXT,
    "contact" TEXT,
    "referenceNumber" TEXT,
    "toldAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Question_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "InterviewSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Question_askerId_fkey" FOREIGN KEY ("askerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Question_enteredById_fkey" FOREIGN KEY ("enteredById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Question_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Question_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Question" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Question" ("anonymous", "answeringAt", "askerId", "channel", "complexity", "contact", "departmentId", "enteredById", "firstRepliedAt", "firstReplyDueAt", "id", "mergedIntoId", "publishedAt", "queuePosition", "ratedAt", "ratingComment", "receivedAt", "referenceNumber", "rejectionReason", "resolutionDueAt", "resolvedAt", "satisfied", "searchText", "sessionId", "status", "submissionKey", "text", "toldAt", "type", "updatedAt", "voteCount") SELECT "anonymous", "answeringAt", "askerId", "channel", "complexity", "contact", "departmentId", "enteredById", "firstRepliedAt", "firstReplyDueAt", "id", "mergedIntoId", "publishedAt", "queuePosition", "ratedAt", "ratingComment", "receivedAt", "referenceNumber", "rejectionReason", "resolutionDueAt", "resolvedAt", "satisfied", "searchText", "sessionId", "status", "submissionKey", "text", "toldAt", "type", "updatedAt", "voteCount" FROM "Question";
DROP TABLE "Question";
ALTER TABLE "new_Question" RENAME TO "Question";
CREATE UNIQUE INDEX "Question_submissionKey_key" ON "Question"("submissionKey");
CREATE UNIQUE INDEX "Question_referenceNumber_key" ON "Question"("referenceNumber");
CREATE INDEX "Question_sessionId_status_idx" ON "Question"("sessionId", "status");
CREATE INDEX "Question_departmentId_status_idx" ON "Question"("departmentId", "status");
CREATE INDEX "Question_askerId_idx" ON "Question"("askerId");
CREATE TABLE "new_QuestionRouting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "fromDepartmentId" TEXT,
    "toDepartmentId" TEXT,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "QuestionRouting_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuestionRouting_fromDepartmentId_fkey" FOREIGN KEY ("fromDepartmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuestionRouting_toDepartmentId_fkey" FOREIGN KEY ("toDepartmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_QuestionRouting" ("createdAt", "fromDepartmentId", "id", "questionId", "toDepartmentId") SELECT "createdAt", "fromDepartmentId", "id", "questionId", "toDepartmentId" FROM "QuestionRouting";
DROP TABLE "QuestionRouting";
ALTER TABLE "new_QuestionRouting" RENAME TO "QuestionRouting";
CREATE INDEX "QuestionRouting_questionId_createdAt_idx" ON "QuestionRouting"("questionId", "createdAt");
CREATE INDEX "QuestionRouting_fromDepartmentId_idx" ON "QuestionRouting"("fromDepartmentId");
CREATE INDEX "QuestionRouting_toDepartmentId_idx" ON "QuestionRouting"("toDepartmentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
