-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "actorName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "actorRoles" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "KnownDevice" (
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnownDevice_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "KnownDevice_userId_idx" ON "KnownDevice"("userId");

-- AddForeignKey
ALTER TABLE "KnownDevice" ADD CONSTRAINT "KnownDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rows written before this migration: the actor's name as it is now (their roles at the time
-- were not recorded). Accounts already deleted keep an empty name.
UPDATE "AuditEntry" SET "actorName" = COALESCE((SELECT "displayName" FROM "User" WHERE "User"."id" = "AuditEntry"."actorId"), '');
