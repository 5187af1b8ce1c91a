"""machinesim: a CNC machining simulator and training tool.

Students rehearse G-code before the machine; masters grade the simulated part with virtual
instruments against the drawing's tolerances. See README.md and docs/internals.md.
"""
__version__ = "0.1.0"
