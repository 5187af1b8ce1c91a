"""Turning: the lathe as a first-class machine (`[machine] kind = "lathe"` in the job).

`setup` reads the job's lathe tables, `interpreter` runs Fanuc lathe programs (group A) into a
`Toolpath` in the XZ plane (X as a radius), `material` and `part` cut the bar exactly in the ZX
half-plane, `checks` finds the crashes and mistakes, `inspect` measures turned parts, `picture`
revolves the profile for pictures. `simulate` is the one entry the pipeline calls.
"""
