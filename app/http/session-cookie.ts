/**
 * The session cookie's name. Accounts sets the cookie; the HTTP layer reads its presence too (it
 * sends no-store to signed-in visitors and keeps their pages out of the shared render), so the
 * name lives here, below both.
 */
export const SESSION_COOKIE = "forum_session";
