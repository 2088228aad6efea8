#!/usr/bin/env python3
"""The reference loop of issue 16: open every image of a dataset with PIL and read its size
(PIL reads the header only; pixels stay undecoded), and read every caption. Prints the count."""
import os
import sys

from PIL import Image

root = sys.argv[1]
images = captions = 0
for folder, _, files in os.walk(root):
    for name in files:
        path = os.path.join(folder, name)
        lower = name.lower()
        if lower.endswith((".jpg", ".jpeg", ".png", ".webp")):
            with Image.open(path) as im:
                im.size
            images += 1
        elif lower.endswith(".txt"):
            with open(path, encoding="utf-8") as f:
                f.read()
            captions += 1
print(images, captions)
