// The notifications feature's words. Spread into app/i18n/locales/en.ts and zh-CN.ts as
// `notifications`. The texts of each kind of notification live with the feature that sends it.
export const en = {
  title: "Notifications",
  lead: "News about your questions and comments, and about the commitments you follow.",
  /** For a notification whose kind this forum no longer knows how to word. */
  generic: "There is news about something you take part in.",
  headerLink: "Notifications",
  /** The header link's name while some are unread. The number may be "99+". */
  headerUnread: "Notifications, {{number}} unread",
  unread: "Unread",
  received: "Received {{date}}",
  markRead: "Mark as read",
  markReadWhich: " ({{notification}})",
  markAllRead: "Mark all as read",
  markedRead: "The notification is marked as read.",
  allMarkedRead: "All your notifications are marked as read.",
  notFound: "That notification no longer exists.",
  empty:
    "You have no notifications yet. When someone answers your question, replies to your comment or reports progress on a commitment you follow, it appears here.",
  emailOn: "They are also sent to your email address.",
  emailOff: "They are not sent by email.",
  emailSettingLink: "Change this in your profile",
  emailSetting: "Also send my notifications by email",
  emailSettingHint: "One email for each notification, in the language of your profile.",
  emailSettingNotConfigured: "This forum does not send emails at the moment; your choice applies when it does.",
  myData: {
    on: "On",
    off: "Off",
    summary_one: "{{count}} notification is kept ({{unread}} unread, {{emailed}} sent by email).",
    summary_other: "{{count}} notifications are kept ({{unread}} unread, {{emailed}} sent by email).",
    link: "See your notifications",
  },
  email: {
    greeting: "Hello {{name}},",
    open: "Open it in the forum:",
    why: "You receive this email because email notifications are turned on in your profile. To turn them off, go to:",
  },
};

export type NotificationsTranslation = typeof en;

export const zh: NotificationsTranslation = {
  title: "通知",
  lead: "关于您的提问和评论、以及您关注的承诺事项的最新消息。",
  generic: "您参与的事项有新消息。",
  headerLink: "通知",
  headerUnread: "通知 {{number}} 条未读",
  unread: "未读",
  received: "收到于 {{date}}",
  markRead: "标为已读",
  markReadWhich: "（{{notification}}）",
  markAllRead: "全部标为已读",
  markedRead: "该通知已标为已读。",
  allMarkedRead: "您的全部通知已标为已读。",
  notFound: "该通知已不存在。",
  empty: "您还没有通知。有人回答您的提问、回复您的评论，或您关注的承诺事项有进展报告时，会显示在这里。",
  emailOn: "通知也会发送到您的电子邮箱。",
  emailOff: "通知不会通过电子邮件发送。",
  emailSettingLink: "在个人资料中修改",
  emailSetting: "同时通过电子邮件发送我的通知",
  emailSettingHint: "每条通知发送一封邮件，使用您个人资料中设置的语言。",
  emailSettingNotConfigured: "本站目前不发送电子邮件；开始发送后按您的选择执行。",
  myData: {
    on: "开启",
    off: "关闭",
    summary_one: "保存了 {{count}} 条通知（{{unread}} 条未读，{{emailed}} 条已通过电子邮件发送）。",
    summary_other: "保存了 {{count}} 条通知（{{unread}} 条未读，{{emailed}} 条已通过电子邮件发送）。",
    link: "查看您的通知",
  },
  email: {
    greeting: "{{name}}，您好：",
    open: "在本站查看：",
    why: "您收到这封邮件，是因为您在个人资料中开启了邮件通知。如需关闭，请访问：",
  },
};
