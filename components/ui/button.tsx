import type { ButtonHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

const variants = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-500/60",
  secondary: "bg-white text-gray-900 ring-1 ring-gray-300 hover:bg-gray-50",
  ghost: "text-gray-700 hover:bg-gray-100",
} as const;

export function buttonClasses(variant: keyof typeof variants = "primary", className?: string) {
  return cn(
    "inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed",
    variants[variant],
    className,
  );
}

export function Button({
  variant = "primary",
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof variants }) {
  return <button className={buttonClasses(variant, className)} {...props} />;
}
