// Builds dist/: the widget bundle (src/widget.js + socket.io-client from package-lock.json) and the demo
// lender page (demo/). `make web` runs it after `npm ci`; dist/ is what `make run` serves.
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url)));
rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
await build({
  entryPoints: ["src/widget.js"],
  outfile: "dist/loancoach-widget.js",
  bundle: true,
  minify: true,
  format: "iife",
  // WeChat's in-app browser (XWeb on Android: Chromium; WKWebView on iOS 14.5+) and phones a few years old
  target: ["es2017", "chrome69", "safari14.1", "ios14.5"],
  loader: { ".css": "text" },
  define: { __VERSION__: JSON.stringify(pkg.version) },
  banner: { js: `/*! LoanCoach widget ${pkg.version} | includes socket.io-client (MIT) */` },
  legalComments: "none",
  logLevel: "warning",
});
cpSync("demo", "dist", { recursive: true });
