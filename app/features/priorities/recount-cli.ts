// npm run recount -- ballots.csv (or ballots.json): recounts a downloaded ballots file, no database.
import { readFileSync } from "node:fs";
import { formatRecount, recountBallotsFile } from "./recount";

const file = process.argv.slice(2).find((argument) => argument !== "--");
if (!file) {
  process.stderr.write("Usage: npm run recount -- ballots.csv   (a ballots file downloaded from a results page, CSV or JSON)\n");
  process.exit(2);
}
try {
  const text = readFileSync(file, "utf8");
  process.stdout.write(formatRecount(recountBallotsFile(text, file.toLowerCase().endsWith(".json") ? "json" : "csv")));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
