-- AlterTable
ALTER TABLE "InterviewSession" ADD COLUMN     "replyWorkingDays" INTEGER NOT NULL DEFAULT 3;
