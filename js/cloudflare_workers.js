// The builtin module "cloudflare:workers": entry-point base classes and `env`.
import { workerEnv } from "edgerun:internal/dispatch.js";

export class WorkerEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class WorkflowEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class RpcTarget {}

// `import { env } from "cloudflare:workers"`: the same object as the handler's env.
export const env = workerEnv();

export default { WorkerEntrypoint, DurableObject, WorkflowEntrypoint, RpcTarget, env };
