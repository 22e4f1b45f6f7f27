"""spec/runtime.md "Modules": a TypeScript main is bundled by the project's esbuild."""
import os
import shutil
import subprocess
import unittest

from harness import BIN, Server, write_project

ESBUILD_CACHE = os.path.join(os.environ.get("TMPDIR", "/tmp"), "edgerun-test-esbuild")

SOURCE = {
    "wrangler.toml": 'name = "ts"\nmain = "src/index.ts"\n',
    "src/index.ts": """
        import { greet } from "./greet";
        interface Env { NAME?: string }
        export default {
          async fetch(request: Request, env: Env): Promise<Response> {
            return new Response(greet(new URL(request.url).pathname));
          },
        };
    """,
    "src/greet.ts": "export const greet = (who: string): string => `typed hello ${who}`;\n",
}


def esbuild_node_modules():
    """npm-installs esbuild once into a cache folder; returns its node_modules, or None."""
    modules = os.path.join(ESBUILD_CACHE, "node_modules")
    if not os.path.exists(os.path.join(modules, ".bin", "esbuild")):
        os.makedirs(ESBUILD_CACHE, exist_ok=True)
        p = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "esbuild@0"],
                           cwd=ESBUILD_CACHE, capture_output=True, text=True, timeout=240)
        if p.returncode != 0:
            return None
    return modules


class TypeScriptTest(unittest.TestCase):
    def test_typescript_main_without_esbuild_says_how_to_install_it(self):
        d = write_project(SOURCE)
        p = subprocess.run([BIN, "dev", d, "--port", "0"], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("npm install --save-dev esbuild", p.stderr)

    def test_typescript_main_is_bundled_with_the_projects_esbuild(self):
        modules = esbuild_node_modules()
        if modules is None:
            self.skipTest("npm could not install esbuild here (no registry)")
        d = write_project(SOURCE)
        os.symlink(modules, os.path.join(d, "node_modules"))
        with Server(d, "--quiet") as s:
            self.assertEqual(s.request(path="/ts").text, "typed hello /ts")

    def test_a_syntax_error_in_typescript_is_reported_with_its_file(self):
        modules = esbuild_node_modules()
        if modules is None:
            self.skipTest("npm could not install esbuild here (no registry)")
        d = write_project({**SOURCE, "src/greet.ts": "export const greet = (who: string => who;\n"})
        os.symlink(modules, os.path.join(d, "node_modules"))
        p = subprocess.run([BIN, "dev", d, "--port", "0"], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("greet.ts", p.stderr)


if __name__ == "__main__":
    unittest.main()
