// ESLint: the rule sets Shopify's app template uses (typescript-eslint, react-hooks, jsx-a11y); Prettier formats.
import js from "@eslint/js";
import globals from "globals";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "artifacts/", "coverage/", "web/frontend/dist/", "bench/results/", "extensions/consent-banner/assets/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    files: ["test/**/*.ts", "**/__tests__/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The stand-in App Bridge is a plain browser script, written as the custom elements it plays.
    files: ["web/local/public/**/*.js"],
    rules: { "@typescript-eslint/no-this-alias": "off" },
  },
  {
    files: ["web/frontend/**/*.{ts,tsx}", "web/local/public/**/*.js", "extensions/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["web/frontend/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error", ...jsxA11y.flatConfigs.recommended.rules },
  },
);
