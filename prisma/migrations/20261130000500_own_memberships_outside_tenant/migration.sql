-- Issue 11, finding 4: permissive policies are OR-ed, so inside a workspace's transaction the
-- "own_memberships" policy also showed the signed-in user's memberships in other workspaces.
-- A workspace's admin count and member list then counted them, and its last admin could be
-- removed. The user's own memberships across workspaces are now visible only in a transaction
-- that has no workspace set (the workspace switcher and role lookup, `withUser`); inside a
-- workspace only that workspace's memberships exist.
DROP POLICY IF EXISTS own_memberships ON "memberships";
CREATE POLICY own_memberships ON "memberships" FOR SELECT
  USING (app_current_workspace() IS NULL AND "userId" = app_current_user());
