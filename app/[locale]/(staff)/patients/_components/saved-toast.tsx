"use client";

import { useEffect } from "react";
import { toast } from "sonner";

/** Shows the result of the save that redirected here, once. */
export function SavedToast({ message }: { message?: string }) {
  useEffect(() => {
    if (message) toast.success(message);
  }, [message]);
  return null;
}
