import type { TFunction } from "i18next";

/** "Chrome on Android" in the reader's language, from a device described by describeDevice(). */
export function deviceName(t: TFunction, device: { browser?: string; system?: string } | null): string {
  if (device?.browser && device.system)
    return t("account.sessions.device", { browser: device.browser, system: device.system });
  if (device?.browser) return device.browser;
  if (device?.system) return t("account.sessions.deviceSystemOnly", { system: device.system });
  return t("account.sessions.unknownDevice");
}
