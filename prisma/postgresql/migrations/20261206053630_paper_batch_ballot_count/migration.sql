-- AlterTable
ALTER TABLE "PaperBatch" ADD COLUMN     "ballotCount" INTEGER NOT NULL DEFAULT 0;

-- Batches entered before the count was kept.
UPDATE "PaperBatch" SET "ballotCount" = (SELECT count(*) FROM "Ballot" WHERE "Ballot"."batchId" = "PaperBatch"."id");
