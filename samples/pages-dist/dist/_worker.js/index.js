// Pages advanced mode: try the static files first, fall back to the API for anything that
// is not a file. Redirects from the asset server (Pages trailing-slash 308s, _redirects)
// are returned as they are.
import { handleApi } from "./api.js";

export default {
  async fetch(request, env, ctx) {
    if (request.method === "GET" || request.method === "HEAD") {
      const asset = await env.ASSETS.fetch(request);
      if (asset.status !== 404) return asset;
    }
    return handleApi(request, env, ctx);
  },
};
