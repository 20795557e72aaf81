// Package auth is who may enter the newsroom and what they may do there:
// password hashing (argon2id), random tokens for sessions, API tokens and
// password resets, cookie sessions with idle and absolute expiry, in-memory
// throttling of sign-in attempts, the WordPress-like role rules, and
// cross-origin protection for forms.
//
// Tokens are stored only as their SHA-256, so a copy of the database cannot
// be used to sign in; passwords only as argon2id hashes that carry their own
// parameters, so the cost can rise without invalidating old hashes.
package auth
