-- AlterTable
ALTER TABLE "Verification" ADD COLUMN     "documentHash" TEXT;

-- AlterTable
ALTER TABLE "Cycle" ADD COLUMN     "electorate" INTEGER,
ADD COLUMN     "voteClosedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "skipReason" TEXT;

-- AlterTable
ALTER TABLE "PaperBatch" ADD COLUMN     "deletionRequestedAt" TIMESTAMP(3),
ADD COLUMN     "deletionRequestedById" TEXT,
ADD COLUMN     "excludedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Participation" (
    "cycleId" TEXT NOT NULL,
    "voterKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,

    CONSTRAINT "Participation_pkey" PRIMARY KEY ("cycleId","voterKey")
);

-- CreateTable
CREATE TABLE "ResultCorrection" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "batchId" TEXT,
    "reason" TEXT NOT NULL,
    "proposedById" TEXT,
    "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedById" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "previous" TEXT,

    CONSTRAINT "ResultCorrection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitmentChange" (
    "id" TEXT NOT NULL,
    "commitmentId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "before" TEXT NOT NULL,
    "after" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommitmentChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ResultCorrection_cycleId_idx" ON "ResultCorrection"("cycleId");

-- CreateIndex
CREATE INDEX "CommitmentChange_commitmentId_changedAt_idx" ON "CommitmentChange"("commitmentId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Verification_areaId_documentHash_key" ON "Verification"("areaId", "documentHash");

-- AddForeignKey
ALTER TABLE "Participation" ADD CONSTRAINT "Participation_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultCorrection" ADD CONSTRAINT "ResultCorrection_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultCorrection" ADD CONSTRAINT "ResultCorrection_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PaperBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitmentChange" ADD CONSTRAINT "CommitmentChange_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitmentChange" ADD CONSTRAINT "CommitmentChange_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Used codes keep that they were used, not when: the time tied a letter's code to its redeemer.
UPDATE "VerificationCode" SET "redeemedAt" = TIMESTAMP '1970-01-01 00:00:00' WHERE "redeemedAt" IS NOT NULL;
