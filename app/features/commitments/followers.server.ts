import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { db } from "~/db.server";

export async function isFollowing(userId: string, commitmentId: string) {
  return (await db.commitmentFollower.count({ where: { userId, commitmentId } })) > 0;
}

/** Any logged-in person follows a commitment; following twice is following once. */
export async function followCommitment(actor: User, commitmentId: string): Promise<Outcome> {
  try {
    await db.commitmentFollower.create({ data: { userId: actor.id, commitmentId } });
  } catch (error) {
    // Already following (a second tab, a double click): nothing more to do.
    if ((error as { code?: string })?.code !== "P2002") throw error;
  }
  return { ok: true, value: undefined };
}

export async function unfollowCommitment(actor: User, commitmentId: string): Promise<Outcome> {
  await db.commitmentFollower.deleteMany({ where: { userId: actor.id, commitmentId } });
  return { ok: true, value: undefined };
}
