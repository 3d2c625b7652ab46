// The confirmations a redirect may carry, as the features declare them (app/features/*/flash.ts).
// app/ui/flash.tsx knows none of them: this module registers their type there, so that a route
// naming a key nobody declared fails to compile, and the root loader reads a waiting
// confirmation against this list, so that a forged cookie can only show one of our messages.
import { ACCOUNT_FLASH_MESSAGES } from "./features/accounts/flash";
import { ROLE_FLASH_MESSAGES } from "./features/roles/flash";
import { DEPARTMENT_FLASH_MESSAGES } from "./features/departments/flash";
import { INTERVIEW_FLASH_MESSAGES } from "./features/interviews/flash";
import { PRIORITY_FLASH_MESSAGES } from "./features/priorities/flash";
import { NOTIFICATION_FLASH_MESSAGES } from "./features/notifications/flash";
import { COMMITMENT_FLASH_MESSAGES } from "./features/commitments/flash";
import { POLICY_FLASH_MESSAGES } from "./features/policies/flash";

export const FLASH_MESSAGES = [
  ...ACCOUNT_FLASH_MESSAGES,
  ...ROLE_FLASH_MESSAGES,
  ...DEPARTMENT_FLASH_MESSAGES,
  ...INTERVIEW_FLASH_MESSAGES,
  ...PRIORITY_FLASH_MESSAGES,
  ...NOTIFICATION_FLASH_MESSAGES,
  ...COMMITMENT_FLASH_MESSAGES,
  ...POLICY_FLASH_MESSAGES,
] as const;

declare module "./ui/flash" {
  interface FlashRegister {
    messages: typeof FLASH_MESSAGES;
  }
}
