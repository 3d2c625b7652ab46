/** The session cookie's name, known to the HTTP layer too (it sends no-store to signed-in visitors). */
export const SESSION_COOKIE = "forum_session";
