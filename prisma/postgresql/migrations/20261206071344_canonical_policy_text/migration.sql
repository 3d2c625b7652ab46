-- AlterTable
ALTER TABLE "PolicyVersion" ADD COLUMN     "textForm" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "change" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "textForm" INTEGER NOT NULL DEFAULT 0;
