"""Issue 4: the asset index is rebuilt on file changes in `edgerun dev` without a restart."""
import os
import time
import unittest

from harness import Server, write_project


class AssetReloadTest(unittest.TestCase):
    def poll(self, server, path, want_status, timeout=5):
        deadline = time.time() + timeout
        while True:
            r = server.request(path=path)
            if r.status == want_status or time.time() > deadline:
                return r
            time.sleep(0.05)

    def test_new_changed_and_removed_files_are_seen_without_a_restart(self):
        d = write_project({"wrangler.toml": 'name = "r"\n[assets]\ndirectory = "public"\n',
                           "public/index.html": "v1"})
        with Server(d, "--quiet") as s:
            self.assertEqual(s.request(path="/").text, "v1")
            self.assertEqual(s.request(path="/new.txt").status, 404)
            with open(os.path.join(d, "public", "new.txt"), "w") as f:
                f.write("fresh")
            self.assertEqual(self.poll(s, "/new.txt", 200).text, "fresh")
            with open(os.path.join(d, "public", "index.html"), "w") as f:
                f.write("v2")
            deadline = time.time() + 5
            while s.request(path="/").text != "v2" and time.time() < deadline:
                time.sleep(0.05)
            self.assertEqual(s.request(path="/").text, "v2")
            os.remove(os.path.join(d, "public", "new.txt"))
            self.assertEqual(self.poll(s, "/new.txt", 404).status, 404)

    def test_files_in_a_new_sub_folder_are_seen(self):
        d = write_project({"wrangler.toml": 'name = "r"\n[assets]\ndirectory = "public"\n',
                           "public/index.html": "home"})
        with Server(d, "--quiet") as s:
            os.makedirs(os.path.join(d, "public", "docs"))
            time.sleep(0.3)  # the new folder gets its own watch after the first rebuild
            with open(os.path.join(d, "public", "docs", "a.txt"), "w") as f:
                f.write("nested")
            self.assertEqual(self.poll(s, "/docs/a.txt", 200).text, "nested")


if __name__ == "__main__":
    unittest.main()
