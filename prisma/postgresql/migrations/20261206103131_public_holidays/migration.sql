-- CreateTable
CREATE TABLE "Holiday" (
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Holiday_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE INDEX "Holiday_year_idx" ON "Holiday"("year");
