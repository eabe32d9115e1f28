/** Tables of the web console (migration 006_web). Instants are ISO text, dates YYYY-MM-DD. */
export interface WebTables {
  /** Server-side sessions; the cookie carries the random id, the register keeps only its SHA-256. */
  web_sessions: {
    id_hash: string;
    user_id: string;
    /** Per-session CSRF token, checked on every POST. */
    csrf: string;
    created_at: string;
    expires_at: string;
  };
  /** Failed logins per user + IP: the next attempt waits longer after each one past the threshold. */
  login_failures: { key: string; failures: number; last_at: string };
  /** Out-of-office: `user_id` names `substitute` for [from_date, to_date]. */
  substitutes: { id: string; user_id: string; substitute: string; from_date: string; to_date: string; created_at: string };
  /** What an API key may do (by the key's name in api_keys): `applications:intake`, `read` ... */
  api_key_scopes: { key_name: string; scope: string };
}
