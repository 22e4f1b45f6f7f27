"""edgerun check: loads the config and the worker, reports problems, serves nothing."""
import subprocess
import unittest

from harness import BIN, write_project


def check(files, *args):
    d = write_project(files)
    return subprocess.run([BIN, "check", d, *args], capture_output=True, text=True, timeout=30)


class CheckTest(unittest.TestCase):
    def test_a_good_project_prints_ok_with_its_name(self):
        p = check({"wrangler.toml": 'name = "good"\nmain = "index.js"\n',
                   "index.js": "export default { fetch() { return new Response('') } };"})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("ok: good", p.stdout)

    def test_a_syntax_error_names_file_line_and_column(self):
        p = check({"wrangler.toml": 'name = "bad"\nmain = "index.js"\n', "index.js": "export default {\n  x: ,\n};\n"})
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr, r"index\.js:2:\d+: SyntaxError")

    def test_rule_file_problems_are_warnings_with_line_numbers(self):
        p = check({"wrangler.toml": 'name = "w"\n[assets]\ndirectory = "public"\n',
                   "public/index.html": "hi", "public/_redirects": "/a /b 302\n/only-one-token\n"})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stderr, r"_redirects:2")

    def test_var_flag_is_validated(self):
        p = check({"wrangler.toml": 'name = "v"\n'}, "--var", "NOCOLON")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--var expects KEY:VALUE", p.stderr)


if __name__ == "__main__":
    unittest.main()
