import { useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * A key for a form that must start empty after it succeeded: pass it as the form's React `key`.
 * With JavaScript the page is not reloaded after a submission, so a text area keeps what was
 * typed while the loader hands out a fresh submission key: pressing the button again sent the
 * same question or answer a second time, under a key the server had not seen (decision 0030).
 * The key changes once a submission that `matches` has finished without field errors (the action
 * redirected); a refused submission keeps the form as typed, with its errors. Live reloads of the
 * page's data do not change it, so nothing being typed is lost to them.
 */
export function useFreshFormKey(matches: (formData: FormData) => boolean): number {
  const navigation = useNavigation();
  const actionData = useActionData() as { fieldErrors?: unknown } | undefined;
  const [generation, setGeneration] = useState(0);
  const submitted = useRef(false);
  const mine = navigation.formData ? matches(navigation.formData) : false;
  useEffect(() => {
    if (mine) {
      submitted.current = true;
      return;
    }
    if (navigation.state !== "idle" || !submitted.current) return;
    submitted.current = false;
    if (!actionData?.fieldErrors) setGeneration((value) => value + 1);
  }, [mine, navigation.state, actionData]);
  return generation;
}
