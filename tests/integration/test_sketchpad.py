"""The Sketchpad tool over the real processes: `grovectl sketch add|list|export` against groved's
SketchpadService — shapes added, listed bottom to top, the page exported as SVG (parsed) and PNG
(decoded), errors as exit codes."""
import os
import struct
import tempfile
import xml.etree.ElementTree as ElementTree

from grove_harness import GroveTestCase, grovectl, grovectl_json
from tool_support import tool_env

SKETCHPAD = "org.grove.sketchpad"
SVG = "{http://www.w3.org/2000/svg}"


class SketchpadTest(GroveTestCase):

    def test_grovectl_sketch_commands(self):
        daemon = self.start_groved(env=tool_env(self.profile.root))
        api = self.api(daemon)
        api.create_account("Ada")
        api.create_space("Team")
        grovectl_json("tool", "add", "Team", SKETCHPAD, "--name", "Board", profile=self.profile)

        rect = grovectl_json("sketch", "add", "Team", "Board", "rectangle", "--box", "0", "0", "120", "80",
                             "--fill", "#ff0000", profile=self.profile)
        self.assertEqual(rect["kind"], "rectangle")
        self.assertEqual(rect["width"], 120)
        note = grovectl_json("sketch", "add", "Team", "Board", "sticky", "--box", "200", "0", "150", "150",
                             "--text", "Ship <it>", profile=self.profile)
        arrow = grovectl_json("sketch", "add", "Team", "Board", "arrow", "--points", "0,200 300,200",
                              profile=self.profile)
        self.assertEqual(arrow["points"], 2)

        listed = grovectl_json("sketch", "list", "Team", "Board", profile=self.profile)["pages"]
        self.assertEqual(len(listed), 1)
        self.assertEqual([s["id"] for s in listed[0]["shapes"]], [rect["id"], note["id"], arrow["id"]])
        text = grovectl("sketch", "list", "Team", "Board", profile=self.profile)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("sticky", text.stdout)

        with tempfile.TemporaryDirectory() as out:
            svg_path = os.path.join(out, "board.svg")
            result = grovectl("sketch", "export", "Team", "Board", "--svg", svg_path, profile=self.profile)
            self.assertEqual(result.returncode, 0, result.stderr)
            root = ElementTree.parse(svg_path).getroot()
            self.assertEqual(root.tag, SVG + "svg")
            rects = root.findall(SVG + "rect")
            self.assertEqual(len(rects), 3)  # background, rectangle, sticky note
            self.assertEqual(rects[1].get("fill"), "#ff0000")
            self.assertEqual(root.find(SVG + "text")[0].text, "Ship <it>")
            self.assertIsNotNone(root.find(SVG + "polygon"))  # the arrow head

            # groved has no fonts: a page with text cannot become a PNG there (the app can).
            png_path = os.path.join(out, "board.png")
            result = grovectl("sketch", "export", "Team", "Board", "--png", png_path, profile=self.profile)
            self.assertEqual(result.returncode, 6, result.stderr)
            self.assertIn("export SVG", result.stderr)

            grovectl_json("tool", "add", "Team", SKETCHPAD, "--name", "Shapes", profile=self.profile)
            grovectl_json("sketch", "add", "Team", "Shapes", "rectangle", "--box", "0", "0", "300", "150",
                          "--fill", "#ff0000", profile=self.profile)
            grovectl_json("sketch", "add", "Team", "Shapes", "line", "--points", "0,200 300,200",
                          profile=self.profile)
            result = grovectl("sketch", "export", "Team", "Shapes", "--png", png_path, "--scale", "2",
                              profile=self.profile)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(png_path, "rb") as png:
                header = png.read(24)
            self.assertEqual(header[:8], b"\x89PNG\r\n\x1a\n")
            width, height = struct.unpack(">II", header[16:24])
            self.assertEqual(width, 2 * (300 + 2 * 2 + 32))   # box, half the stroke and 1, margins
            self.assertEqual(height, 2 * (200 + 2 * 2 + 32))

        # Errors: bad kind or colour (2), no such instance or page (4), two formats at once (2).
        self.assertEqual(grovectl("sketch", "add", "Team", "Board", "blob", profile=self.profile).returncode, 2)
        self.assertEqual(grovectl("sketch", "add", "Team", "Board", "rectangle", "--box", "0", "0", "1", "1",
                                  "--color", "red", profile=self.profile).returncode, 2)
        self.assertEqual(grovectl("sketch", "add", "Team", "Board", "line", "--points", "0,0",
                                  profile=self.profile).returncode, 2)
        self.assertEqual(grovectl("sketch", "list", "Team", "Nothing", profile=self.profile).returncode, 4)
        self.assertEqual(grovectl("sketch", "export", "Team", "Board", "--page", "Nope", "--svg", "-",
                                  profile=self.profile).returncode, 4)
        self.assertEqual(grovectl("sketch", "export", "Team", "Board", "--svg", "-", "--png", "-",
                                  profile=self.profile).returncode, 2)
        self.assertEqual(daemon.stop(), 0)
