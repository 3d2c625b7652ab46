-- AlterTable
ALTER TABLE "Answer" ADD COLUMN "correctedAt" DATETIME;
ALTER TABLE "Answer" ADD COLUMN "withdrawnAt" DATETIME;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN "contact" TEXT;
ALTER TABLE "Question" ADD COLUMN "referenceNumber" TEXT;
ALTER TABLE "Question" ADD COLUMN "toldAt" DATETIME;

-- CreateTable
CREATE TABLE "AnswerRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "answerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "byName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AnswerRevision_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "Answer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AnswerRevision_answerId_createdAt_idx" ON "AnswerRevision"("answerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Question_referenceNumber_key" ON "Question"("referenceNumber");
