-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "lastUsedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Sessions from before this migration: last known use is when they began.
UPDATE "Session" SET "lastUsedAt" = "createdAt";
