/* Inbox mobile app: constants shared by every part (a module of app.js). */

export const API = "/millennium_inbox/api/v1";
export const STORE = window.localStorage;
export const LOCAL_TRIES = 5;
export const PBKDF2_ITERATIONS = 210000;
export const RETRY_SECONDS = [2, 4, 8, 15, 30, 60];
// An upload the server answered 202 (its original is still being stored):
// looked for again after these many seconds, growing.
export const RECHECK_SECONDS = [3, 5, 10, 20, 30, 60];
export const MAX_SIDE = 2000;
export const MAX_PAGES = 10;
export const DEFAULT_SESSION_MINUTES = 15;
export const SESSION_CHECK_MS = 60000;
