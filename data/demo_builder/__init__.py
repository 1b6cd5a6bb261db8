"""The demo dataset builder behind data/build_demo.py, in parts of a few hundred lines."""
