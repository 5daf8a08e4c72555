module.exports = [
  {
    files: ["src/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable" } },
    rules: { "no-unused-vars": "error", "no-var": "warn", eqeqeq: "warn", "no-debugger": "error", "no-undef": "error" },
  },
];
