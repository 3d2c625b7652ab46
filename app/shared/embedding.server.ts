// Which other sites may show the forum's hall screen in a frame, and which sites' players the
// forum may show in a frame (decision 0040). Both are the installation's settings, as origins
// separated by spaces or commas ("https://tv.example.gov.cn https://news.example.cn"):
//
// - SCREEN_EMBED_ORIGINS: who may embed /interviews/<id>/screen (a television channel's overlay,
//   the city's news site). The forum's own pages may always do so.
// - STREAM_EMBED_ORIGINS: the video or audio services whose player a session page embeds; a
//   stream link elsewhere is shown as a link only.
//
// Read at each use, so that a changed setting needs no rebuild; anything that is not a bare
// http(s) origin is ignored rather than widening the policy.

const parsed = new Map<string, string[]>();

export function parseOrigins(raw: string | undefined): string[] {
  const key = raw ?? "";
  let origins = parsed.get(key);
  if (!origins) {
    origins = [
      ...new Set(
        key
          .split(/[\s,]+/)
          .filter(Boolean)
          .flatMap((entry) => {
            try {
              const url = new URL(entry);
              const bare = url.origin === entry.replace(/\/$/, "");
              return bare && (url.protocol === "https:" || url.protocol === "http:") ? [url.origin] : [];
            } catch {
              return [];
            }
          }),
      ),
    ];
    parsed.set(key, origins);
  }
  return origins;
}

export const screenEmbedOrigins = () => parseOrigins(process.env.SCREEN_EMBED_ORIGINS);
export const streamEmbedOrigins = () => parseOrigins(process.env.STREAM_EMBED_ORIGINS);

/** The hall screen's address: the only page other sites may frame. */
export const SCREEN_PATH = /^\/interviews\/[A-Za-z0-9_-]{1,64}\/screen\/?$/;
