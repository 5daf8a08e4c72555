module.exports = [
  {
    files: ["src/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
    rules: {
      "no-unused-vars": "error",
      "no-undef": "error",
      "prefer-const": "warn",
      eqeqeq: "warn",
      "no-console": "warn",
      curly: "error",
    },
  },
];
