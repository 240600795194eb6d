/**
 * The Cognito user pool groups the service knows. The stack creates them with the pool it
 * creates; the access token names a user's groups in `cognito:groups`.
 */

/** Operators: its members read every user's usage (`GET /api/certification/admin/usage`). */
export const ADMIN_GROUP = 'admins';
