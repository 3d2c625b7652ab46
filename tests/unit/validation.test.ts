import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { registerSchema, safeRedirect } from "~/features/accounts/schemas";
import { departmentSchema } from "~/features/departments/schemas";
import { i18nOptions } from "~/i18n/config";
import { archiveQuerySchema, dashboardQuerySchema } from "~/features/interviews/schemas";
import { parseForm } from "~/validation.server";

async function translator(lng: string) {
  const instance = createInstance();
  await instance.init({ ...i18nOptions, lng });
  return instance.t;
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

const badRegistration = form({
  email: "not-an-email",
  displayName: "  ",
  password: "short",
  passwordConfirmation: "other",
});

describe("form validation", () => {
  it("reports each field's problem in English", async () => {
    const result = parseForm(badRegistration, registerSchema, await translator("en"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toEqual({
      email: "Please enter an email address like name@example.com.",
      displayName: "Please fill this in.",
      password: "The password needs at least 8 characters.",
      consent: "Please read and accept the data policy to register.",
    });
  });

  it("reports the same problems in Chinese", async () => {
    const result = parseForm(badRegistration, registerSchema, await translator("zh-CN"));
    if (result.ok) throw new Error("should fail");
    expect(result.fieldErrors.email).toBe("请输入有效的电子邮箱，例如 name@example.com。");
    expect(result.fieldErrors.password).toBe("密码至少需要 8 位。");
    expect(result.fieldErrors.consent).toBe("请阅读并同意数据政策后再注册。");
  });

  it("gives the typed values back so nothing is lost, but never the passwords", async () => {
    const result = parseForm(badRegistration, registerSchema, await translator("en"));
    if (result.ok) throw new Error("should fail");
    expect(result.values).toEqual({ email: "not-an-email", displayName: "  " });
  });

  it("checks that the two passwords match", async () => {
    const result = parseForm(
      form({
        email: "a@b.org",
        displayName: "A",
        password: "long enough",
        passwordConfirmation: "long enougH",
        consent: "on",
      }),
      registerSchema,
      await translator("en"),
    );
    if (result.ok) throw new Error("should fail");
    expect(result.fieldErrors).toEqual({ passwordConfirmation: "The two passwords are not the same." });
  });

  it("normalises what it accepts", async () => {
    const result = parseForm(
      form({
        email: "  Zhang@Example.ORG ",
        displayName: " 张阿姨 ",
        password: "long enough",
        passwordConfirmation: "long enough",
        consent: "on",
      }),
      registerSchema,
      await translator("en"),
    );
    expect(result).toMatchObject({ ok: true, data: { email: "zhang@example.org", displayName: "张阿姨" } });
  });

  it("names the limit when text is too long", async () => {
    const result = parseForm(
      form({ slug: "ok", nameZh: "长".repeat(81), nameEn: "x" }),
      departmentSchema,
      await translator("en"),
    );
    if (result.ok) throw new Error("should fail");
    expect(result.fieldErrors.nameZh).toBe("Please use at most 80 characters.");
  });
});

describe("redirects after login", () => {
  it("stay on this site", () => {
    expect(safeRedirect("/admin/users?page=2")).toBe("/admin/users?page=2");
    expect(safeRedirect("//evil.example/phish")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("/\t/evil.example")).toBe("/");
    expect(safeRedirect("/\n/evil.example")).toBe("/");
    expect(safeRedirect(null, "/account")).toBe("/account");
    expect(safeRedirect("/\x7f/evil.example")).toBe("/");
  });

  it("are percent-encoded, so that a path in Chinese can go into a Location header", () => {
    expect(safeRedirect("/中文?q=议事")).toBe("/%E4%B8%AD%E6%96%87?q=%E8%AE%AE%E4%BA%8B");
    expect(() => new Headers({ Location: safeRedirect("/中文") })).not.toThrow();
  });
});

describe("display names", () => {
  const parse = async (displayName: string) =>
    parseForm(
      form({
        email: "a@b.org",
        displayName,
        password: "long enough",
        passwordConfirmation: "long enough",
        consent: "on",
      }),
      registerSchema,
      await translator("en"),
    );

  it("are normalised, so full-width letters and runs of spaces read as they look", async () => {
    expect(await parse("Ｗａｎｇ　 Ｌｉ")).toMatchObject({ ok: true, data: { displayName: "Wang Li" } });
    expect(await parse("王小明")).toMatchObject({ ok: true, data: { displayName: "王小明" } });
    expect(await parse("Anne-Marie O'Neil")).toMatchObject({ ok: true });
  });

  it("refuse invisible, text-reversing and control characters, and fake verified marks", async () => {
    for (const name of [
      "\u200b\u200b",
      "\u3164",
      "\u2800\u2800",
      "Wang\u202eeci",
      "a\u0000b",
      "Admin\u200d",
      "王局长 ✔",
    ]) {
      const result = await parse(name);
      expect(result.ok, JSON.stringify(name)).toBe(false);
      if (!result.ok) expect(result.fieldErrors.displayName).toMatch(/name|Names|fill this in/);
    }
  });

  it("explain the refusal in Chinese too", async () => {
    const result = parseForm(
      form({
        email: "a@b.org",
        displayName: "Wang\u202eeci",
        password: "long enough",
        passwordConfirmation: "long enough",
        consent: "on",
      }),
      registerSchema,
      await translator("zh-CN"),
    );
    if (result.ok) throw new Error("should fail");
    expect(result.fieldErrors.displayName).toBe(
      "名字只能使用可见的文字、数字和标点，不能包含不可见或改变文字方向的字符。",
    );
  });
});

describe("text fields", () => {
  it("refuse control characters such as NUL on every database alike, with a translated message", async () => {
    const result = parseForm(
      form({ slug: "ok", nameZh: "水务\u0000局", nameEn: "Water" }),
      departmentSchema,
      await translator("zh-CN"),
    );
    if (result.ok) throw new Error("should fail");
    expect(result.fieldErrors.nameZh).toBe("请删除文字中不可见的控制字符。");
  });
});

describe("dates from search filters", () => {
  it("drops a day that does not exist instead of rolling it over into another month", () => {
    expect(archiveQuerySchema.parse({ from: "2026-13-45", to: "2026-02-30" })).toMatchObject({
      from: undefined,
      to: undefined,
    });
    expect(archiveQuerySchema.parse({ from: "2028-02-29", to: "2026-12-31" })).toMatchObject({
      from: "2028-02-29",
      to: "2026-12-31",
    });
    expect(dashboardQuerySchema.parse({ from: "0099-01-01", to: "2026-02-29" })).toMatchObject({
      from: undefined,
      to: undefined,
    });
  });
});
