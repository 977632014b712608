const isProd = process.env.NODE_ENV === "production";

// Security headers on every response. Inline styles are needed by Next's runtime; scripts are
// limited to our own origin ('unsafe-inline' only for Next's bootstrap, 'unsafe-eval' only in dev).
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isProd ? "" : " 'unsafe-eval'"}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ...(isProd ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Next locks its build folder: a second `next dev` of this checkout (the browser journey that
  // runs the real `npm run dev` beside the suite's server) needs its own. Listed in tsconfig.json.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  serverExternalPackages: ["pino", "pg", "pg-boss", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/adapter-pg", "eld"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
