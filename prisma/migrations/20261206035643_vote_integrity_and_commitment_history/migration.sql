-- AlterTable
ALTER TABLE "Cycle" ADD COLUMN "electorate" INTEGER;
ALTER TABLE "Cycle" ADD COLUMN "voteClosedAt" DATETIME;

-- AlterTable
ALTER TABLE "PaperBatch" ADD COLUMN "deletionRequestedAt" DATETIME;
ALTER TABLE "PaperBatch" ADD COLUMN "deletionRequestedById" TEXT;
ALTER TABLE "PaperBatch" ADD COLUMN "excludedAt" DATETIME;

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "skipReason" TEXT;

-- AlterTable
ALTER TABLE "Verification" ADD COLUMN "documentHash" TEXT;

-- CreateTable
CREATE TABLE "Participation" (
    "cycleId" TEXT NOT NULL,
    "voterKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,

    PRIMARY KEY ("cycleId", "voterKey"),
    CONSTRAINT "Participation_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ResultCorrection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cycleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "batchId" TEXT,
    "reason" TEXT NOT NULL,
    "proposedById" TEXT,
    "proposedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedById" TEXT,
    "confirmedAt" DATETIME,
    "previous" TEXT,
    CONSTRAINT "ResultCorrection_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ResultCorrection_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PaperBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CommitmentChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commitmentId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "before" TEXT NOT NULL,
    "after" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommitmentChange_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CommitmentChange_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ResultCorrection_cycleId_idx" ON "ResultCorrection"("cycleId");

-- CreateIndex
CREATE INDEX "CommitmentChange_commitmentId_changedAt_idx" ON "CommitmentChange"("commitmentId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Verification_areaId_documentHash_key" ON "Verification"("areaId", "documentHash");

-- Used codes keep that they were used, not when: the time tied a letter's code to its redeemer.
UPDATE "VerificationCode" SET "redeemedAt" = '1970-01-01T00:00:00.000+00:00' WHERE "redeemedAt" IS NOT NULL;
