import { z } from "zod";
import { MAX_TOPICS_PER_STREAM } from "./live-events";

/** An event id as a page sends it back (Last-Event-ID or ?after=): digits only. */
const eventId = z
  .string()
  .regex(/^\d{1,16}$/)
  .transform(Number);

/** What opening a live stream asks for: the topics (repeated ?topic=) and where to resume. */
export const liveStreamRequestSchema = z.object({
  topics: z
    .array(z.string().min(1).max(160))
    .min(1)
    .max(MAX_TOPICS_PER_STREAM)
    .transform((topics) => [...new Set(topics)]),
  after: eventId.optional(),
});
