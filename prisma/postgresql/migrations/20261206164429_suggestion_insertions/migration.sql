-- AlterTable
ALTER TABLE "Suggestion" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'replace';
