import { z } from "zod";
import { recordId } from "~/validation";

/** ?page= of the notifications list; anything unusable is the first page. */
export const notificationsPageSchema = z.object({ page: z.coerce.number().int().min(1).max(100000).catch(1) });

/** The page the form was on, so that the person stays there after marking. */
const page = z.coerce.number().int().min(1).max(100000).catch(1);

export const notificationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("markRead"), notification: recordId, page }),
  z.object({ intent: z.literal("markAllRead"), page }),
]);
export type NotificationAction = z.output<typeof notificationActionSchema>;
