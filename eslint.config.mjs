import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { rules: { "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] } },
  // Staff screens link through components/ui/link.tsx, which prefetches on intent instead of on sight.
  {
    files: ["app/\\[locale\\]/**/*.tsx", "components/**/*.tsx"],
    ignores: ["components/ui/link.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "next/link", message: "Use Link from @/components/ui/link (prefetch on intent, locale-aware)." },
            { name: "@/i18n/navigation", importNames: ["Link"], message: "Use Link from @/components/ui/link (prefetch on intent)." },
          ],
        },
      ],
    },
  },
  // Layers (docs/architecture.md "Layers"): db ← lib ← app / inngest; components/ is domain-free UI. Relative
  // paths are caught as well as the @/ alias. @typescript-eslint's rule, so it does not replace the Link rule above.
  {
    files: ["db/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "../lib/*", "../../lib/*", "!@/lib/env", "!../lib/env", "!../../lib/env"],
              message: "db/ is below the domain: it may import lib/env.ts (configuration) only.",
            },
            {
              group: ["@/app/*", "@/components/*", "@/inngest/*", "../app/*", "../components/*", "../inngest/*"],
              message: "db/ imports nothing above it.",
            },
          ],
        },
      ],
    },
  },
  {
    // Test factories build a StaffContext for the domain's tests: types only.
    files: ["db/testing/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "../../lib/*", "!@/lib/env", "!../../lib/env"],
              allowTypeImports: true,
              message: "db/testing may import types from lib/, nothing else.",
            },
            { group: ["@/app/*", "@/components/*", "@/inngest/*"], message: "db/ imports nothing above it." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app", "@/app/*", "../app/*", "../../app/*", "../../../app/*"],
              message: "lib/ is the domain: routes (app/) call it, never the reverse.",
            },
            {
              group: ["@/inngest", "@/inngest/*", "../inngest/*", "../../inngest/*", "../../../inngest/*"],
              message: "lib/ never imports the Inngest client: use the installed NotificationDriver (lib/notifications/drivers).",
            },
            {
              group: ["@/components", "@/components/*", "../components/*", "../../components/*", "../../../components/*"],
              message: "lib/ renders no UI components.",
            },
          ],
        },
      ],
      // import() is not an import declaration: the rule above does not see it (the old scheduler's
      // `await import("@/inngest/…")` was one).
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportExpression[source.value=/^(@\\/|(\\.\\.\\/)+)(app|inngest|components)(\\/|$)/]",
          message: "lib/ may not import app/, inngest/ or components/, dynamically either.",
        },
      ],
      "no-console": "error",
    },
  },
  {
    // The environment is a leaf that db/ may import: it imports nothing of the project.
    files: ["lib/env.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/*", "./*", "../*"], message: "lib/env.ts stays a leaf." }] },
      ],
    },
  },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib", "@/lib/*", "../lib/*", "../../lib/*"],
              allowTypeImports: true,
              message: "components/ is domain-free UI: import types from lib/ only; take actions and data as props.",
            },
            { group: ["@/app/*", "@/inngest/*", "@/db", "@/db/*"], message: "components/ is domain-free UI." },
          ],
        },
      ],
    },
  },
  // Logs go through lib/log.ts (pino: one JSON line with ids); scripts and tests may print.
  { files: ["app/**/*.ts", "app/**/*.tsx"], rules: { "no-console": "error" } },
  { ignores: [".next/**", ".data/**", "node_modules/**", "db/migrations/**", "next-env.d.ts", "playwright-report/**", "test-results/**"] },
];

export default config;
