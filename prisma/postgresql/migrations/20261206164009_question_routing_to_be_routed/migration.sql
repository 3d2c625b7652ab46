-- AlterTable
ALTER TABLE "InterviewHost" ADD COLUMN     "topicEn" TEXT,
ADD COLUMN     "topicZh" TEXT;

-- AlterTable
ALTER TABLE "Question" ALTER COLUMN "departmentId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "QuestionRouting" ADD COLUMN     "reason" TEXT,
ALTER COLUMN "fromDepartmentId" DROP NOT NULL,
ALTER COLUMN "toDepartmentId" DROP NOT NULL;
