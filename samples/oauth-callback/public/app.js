function signIn() {
  const state = crypto.randomUUID();
  document.cookie = `oauth_state=${state}; Path=/; SameSite=Lax`;
  location.href = `https://auth.example.com/authorize?client_id=demo&state=${state}&redirect_uri=${encodeURIComponent(location.origin + "/oauth/callback")}`;
}
document.getElementById("app").addEventListener("click", signIn);
