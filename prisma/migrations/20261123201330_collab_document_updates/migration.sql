-- CreateTable
CREATE TABLE "DocumentUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentName" TEXT NOT NULL,
    "update" BLOB NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "changes" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "DocumentUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DocumentUpdate_documentName_id_idx" ON "DocumentUpdate"("documentName", "id");

-- CreateIndex
CREATE INDEX "DocumentUpdate_authorId_idx" ON "DocumentUpdate"("authorId");
