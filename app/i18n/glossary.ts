// The forum's words, one glossary per language: each thing has one term, and the words that
// drift from it are listed so that tests/unit/terminology.test.ts can find them in every
// translation. Add a term here before using a new word for a thing the forum already names.

export interface GlossaryEntry {
  /** The thing, and the term the forum uses for it. */
  term: string;
  /** Words that drift from that term. */
  avoid: RegExp;
  /** Translation keys where those words mean something else. */
  except?: RegExp;
}

export const chineseGlossary: GlossaryEntry[] = [
  { term: "注销 (deleting an account)", avoid: /账户已删除|删除(您的)?账户/ },
  { term: "退出登录 (ending a login), never 登出 or 结束会话; a login is not a 会话", avoid: /登出|会话/ },
  { term: "授予 and 撤销 (a role)", avoid: /设为|取消.{0,6}角色|移除.{0,6}角色/ },
  { term: "多选投票 (approval voting)", avoid: /赞成投票|认可投票|批准投票/ },
  { term: "博尔达计分 (the Borda count)", avoid: /波达|计数法|博尔达计分法|博达/ },
  { term: "版主 (moderator); 管理员 is only the administrator", avoid: /审核员|(经|由)管理员(审核|屏蔽|合并)/ },
  {
    term: "网上 (online) and 纸质 (on paper); 服务窗口 for the offline counter",
    // 时间线上 is "on the timeline".
    avoid: /(?<!时间)线上|线下|在线(投票|提交)/,
  },
  { term: "征集 (a priorities cycle), never 轮", avoid: /本轮|这一轮|上一轮|下一轮|轮次/ },
  { term: "候选项 (a candidate), never 候选项目", avoid: /候选项目/ },
  { term: "字 (a length in characters); 位 for passwords and codes", avoid: /个字符|位字符/ },
];

export const englishGlossary: GlossaryEntry[] = [
  { term: "log in / log out (never sign in / sign out)", avoid: /\bsign(s|ed|ing)?[ -]?(in|out)\b/i },
  // "Session" is an interview's question-and-answer session; a login on a device is a login.
  {
    term: "session: an interview session",
    avoid: /\bsessions?\b/i,
    except: /^(interviews\.|admin\.audit\.sentences\.interview\.|fields\.sessionId$|dataPolicy\.interviews\.)/,
  },
  { term: "roles are granted and revoked, never made or removed", avoid: /\bmake\b|\bremove\b.{0,30}\brole\b/i },
  { term: "a wrong value is incorrect", avoid: /not right/i },
  { term: "approval vote", avoid: /\bmulti(ple)?[- ]choice vote|\bapproval voting\b/i },
  { term: "Borda count", avoid: /\bBorda (method|points|score)\b/i },
  { term: "online and on paper", avoid: /\boffline ballots?\b/i },
];

/**
 * What no page a resident sees may name: commands, file extensions and format names, the
 * programming language of the page. A resident downloads "a spreadsheet", not "CSV".
 */
export const jargon = /\bnpm\b|\brun recount\b|\.(ics|csv|json|html|md)\b|\b(CSV|JSON|HTML|Markdown|JavaScript)\b/;

/**
 * Translations only staff read, where a format's name is the instruction: the policy editor's
 * line syntax for officials working without the co-editor.
 */
export const staffOnlyKeys = /^policies\.editor\.linesHint$/;
