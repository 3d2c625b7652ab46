-- AlterTable
ALTER TABLE "InterviewSession" ADD COLUMN     "currentQuestionId" TEXT,
ADD COLUMN     "minutesAt" TIMESTAMP(3),
ADD COLUMN     "minutesEn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "minutesZh" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "streamUrl" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "queuePosition" INTEGER;

-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "guestName" TEXT,
ADD COLUMN     "guestTitle" TEXT;
