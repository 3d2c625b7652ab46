// npm run recount -- counts.csv (or counts.json): recounts the counts file downloaded from a
// results page, no database. A file it cannot trust is refused: the message goes to stderr and
// the exit status is 1, so a script checking a published result cannot mistake it for a count.
import { readFileSync } from "node:fs";
import { formatRecount, recountCountsFile } from "./recount";

const file = process.argv.slice(2).find((argument) => argument !== "--");
if (!file) {
  process.stderr.write(
    "Usage: npm run recount -- counts.csv   (the ballot counts file downloaded from a results page, CSV or JSON)\n",
  );
  process.exit(2);
}
try {
  const text = readFileSync(file, "utf8");
  process.stdout.write(formatRecount(recountCountsFile(text, file.toLowerCase().endsWith(".json") ? "json" : "csv")));
} catch (error) {
  process.stderr.write(`Not recounted: ${(error as Error).message}\n`);
  process.exit(1);
}
