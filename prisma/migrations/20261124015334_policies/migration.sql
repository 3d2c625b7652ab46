-- CreateTable
CREATE TABLE "Policy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "opensAt" DATETIME,
    "closesAt" DATETIME,
    "protected" BOOLEAN NOT NULL DEFAULT false,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Policy_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Policy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "policyId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "changeNote" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "responseReport" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PolicyVersion_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PolicyVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "policyId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "state" BLOB NOT NULL,
    "content" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sizeChange" INTEGER NOT NULL,
    "lastUpdateId" INTEGER NOT NULL,
    "restoredFromId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Revision_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RevisionAuthor" (
    "revisionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("revisionId", "userId"),
    CONSTRAINT "RevisionAuthor_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RevisionAuthor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PassageComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "policyId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT NOT NULL,
    "asOfficial" BOOLEAN NOT NULL DEFAULT false,
    "kind" TEXT,
    "text" TEXT NOT NULL,
    "parentId" TEXT,
    "anchorStart" TEXT,
    "anchorEnd" TEXT,
    "quote" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT,
    "outcomeReason" TEXT,
    "outcomeById" TEXT,
    "outcomeAt" DATETIME,
    "hiddenReason" TEXT,
    "submissionKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PassageComment_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PassageComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PassageComment_outcomeById_fkey" FOREIGN KEY ("outcomeById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PassageComment_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "PassageComment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EditingBlock" (
    "policyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "blockedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("policyId", "userId"),
    CONSTRAINT "EditingBlock_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EditingBlock_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Policy_status_idx" ON "Policy"("status");

-- CreateIndex
CREATE INDEX "Policy_departmentId_idx" ON "Policy"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyVersion_policyId_number_key" ON "PolicyVersion"("policyId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Revision_policyId_number_key" ON "Revision"("policyId", "number");

-- CreateIndex
CREATE INDEX "RevisionAuthor_userId_idx" ON "RevisionAuthor"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "PassageComment_submissionKey_key" ON "PassageComment"("submissionKey");

-- CreateIndex
CREATE INDEX "PassageComment_policyId_createdAt_idx" ON "PassageComment"("policyId", "createdAt");

-- CreateIndex
CREATE INDEX "PassageComment_parentId_idx" ON "PassageComment"("parentId");

-- CreateIndex
CREATE INDEX "PassageComment_authorId_idx" ON "PassageComment"("authorId");
