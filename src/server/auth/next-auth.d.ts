import "next-auth";
import "next-auth/jwt";

// Sessions carry only the user id; everything else is loaded server-side per request.
declare module "next-auth" {
  interface Session {
    user: { id: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
  }
}
