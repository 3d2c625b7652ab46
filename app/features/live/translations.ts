// Strings of live pages, in both languages (spread into app/i18n/locales/*.ts as `live`).
const en = {
  status: {
    live: "Live: new updates appear here as they happen.",
    reconnecting: "Reconnecting… Updates will catch up once the connection is back.",
  },
  watching_one: "{{count}} watching",
  watching_other: "{{count}} watching",
  reloadWithoutScript: "Reload the page to see the latest updates.",
};

const zh: typeof en = {
  status: {
    live: "实时：新的动态会即时显示在这里。",
    reconnecting: "正在重新连接…连接恢复后会补上错过的动态。",
  },
  watching_one: "{{count}} 人在看",
  watching_other: "{{count}} 人在看",
  reloadWithoutScript: "请刷新页面查看最新动态。",
};

export const liveTranslations = { en, zh };
