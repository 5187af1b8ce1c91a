"""Bytes to words: the bulk tokenizer (Numba) for the plain lines of a program.

Each line becomes words (letter, value, column, flags) in flat arrays; a line the tokenizer does not
take apart by itself (parameters `#`, expressions `[ ]`, `=`, o-words, keywords such as IF or WHILE,
LinuxCNC's polar words `@` and `^`, Fanuc's `:` program numbers, numbers too long to read exactly) is marked COMPLEX and left to `statements.parse_line`, the plain
Python parser that is also this kernel's reference. A line with a character or a number that cannot
be read is marked ERROR with the column of the word and the kind of mistake.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

# line flags
L_COMPLEX, L_ERROR, L_BLOCK_DELETE, L_PERCENT, L_PLAIN = 1, 2, 4, 8, 16
# word flags
W_POINT = 1            # the number was written with a decimal point
# error kinds (ERROR lines)
E_NUMBER, E_CHAR, E_COMMENT = 1, 2, 3
ERROR_KEYS = {E_NUMBER: "SYNTAX.number", E_CHAR: "SYNTAX.char", E_COMMENT: "SYNTAX.comment"}

_MAX_DIGITS = 15       # below 2**53: mantissa / 10**k is then the correctly rounded value
_POW10 = np.array([10.0 ** k for k in range(23)])
_PLAIN_LETTERS = np.zeros(128, np.bool_)
for _c in "GXYZIJKRFN":
    _PLAIN_LETTERS[ord(_c)] = True


@dataclass(frozen=True)
class Tokens:
    """Words of a whole program: word arrays, and per line where its words and bytes are."""

    letter: np.ndarray       # u1, upper-case ASCII letter
    value: np.ndarray        # f8, as written (no unit or decimal-point scaling)
    line: np.ndarray         # i4, 1-based line of the word
    column: np.ndarray       # i4, 1-based column of the letter
    flags: np.ndarray        # u1, W_* bits
    line_word: np.ndarray    # i8 (lines + 1): words of line i are line_word[i]:line_word[i+1]
    line_start: np.ndarray   # i8, byte offset of each line
    line_end: np.ndarray     # i8, byte offset after the line's last byte (newline excluded)
    line_flags: np.ndarray   # u1, L_* bits
    error_column: np.ndarray  # i4, column of the faulty word or character (ERROR lines)
    error_kind: np.ndarray   # u1, E_* (ERROR lines)

    @property
    def lines(self) -> int:
        return len(self.line_flags)

    def words(self, i: int) -> list[tuple[str, float, int, int]]:
        """Words of line i as (letter, value, column, flags) tuples."""
        a, b = self.line_word[i], self.line_word[i + 1]
        return [(chr(c), float(v), int(col), int(f)) for c, v, col, f in
                zip(self.letter[a:b], self.value[a:b], self.column[a:b], self.flags[a:b])]


@njit(cache=True)
def _is_break(buf, k, size):
    """Whether byte k ends a line: LF, or a CR alone (old Mac files); CR LF and CR CR LF (a
    doubled CR some Windows tools write) end one line, as editors show them."""
    c = buf[k]
    if c == 10:
        return True
    if c != 13:
        return False
    if k + 1 < size and buf[k + 1] == 10:
        return False
    return not (k + 2 < size and buf[k + 1] == 13 and buf[k + 2] == 10)


@njit(cache=True)
def _count_lines(buf):
    n = 0
    size = len(buf)
    for k in range(size):
        if _is_break(buf, k, size):
            n += 1
    if size > 0 and buf[size - 1] != 10 and buf[size - 1] != 13:
        n += 1
    return n


@njit(cache=True)
def _is_space(c):
    return c == 32 or c == 9 or c == 13 or c == 12 or c == 11


@njit(cache=True)
def _tokenize(buf, pow10, plain_letters):
    size = len(buf)
    nlines = _count_lines(buf)
    cap = 0
    for k in range(size):
        c = buf[k] | 32
        if 97 <= c <= 122:
            cap += 1
    letter = np.zeros(cap, np.uint8)
    value = np.zeros(cap, np.float64)
    wline = np.zeros(cap, np.int32)
    column = np.zeros(cap, np.int32)
    wflags = np.zeros(cap, np.uint8)
    line_word = np.zeros(nlines + 1, np.int64)
    line_start = np.zeros(nlines, np.int64)
    line_end = np.zeros(nlines, np.int64)
    line_flags = np.zeros(nlines, np.uint8)
    err_col = np.zeros(nlines, np.int32)
    err_kind = np.zeros(nlines, np.uint8)
    nw = 0
    pos = 0
    for li in range(nlines):
        start = pos
        end = pos
        while end < size:       # _is_break written out: a call here costs 4x the tokenizer's time
            c = buf[end]
            if c == 10:
                break
            if c == 13 and (end + 1 >= size or (buf[end + 1] != 10 and not (
                    buf[end + 1] == 13 and end + 2 < size and buf[end + 2] == 10))):
                break
            end += 1
        line_start[li] = start
        line_end[li] = end
        pos = end + 1
        line_word[li] = nw
        first = nw
        flags = 0
        k = start
        while k < end and _is_space(buf[k]):
            k += 1
        if k < end and buf[k] == 47:  # '/'
            flags |= L_BLOCK_DELETE
            k += 1
        elif k < end and buf[k] == 37:  # '%'
            line_flags[li] = L_PERCENT
            continue
        while k < end:
            c = buf[k]
            if _is_space(c):
                k += 1
                continue
            if c == 40:  # '(' comment up to ')'
                j = k + 1
                while j < end and buf[j] != 41:
                    j += 1
                if j >= end:
                    flags |= L_ERROR
                    err_col[li] = k - start + 1
                    err_kind[li] = E_COMMENT
                    break
                k = j + 1
                continue
            if c == 59:  # ';' comment to the end of the line
                break
            if c == 35 or c == 91 or c == 61:  # '#', '[', '=': parameters and expressions
                flags |= L_COMPLEX
                break
            if c == 64 or c == 94 or c == 58:  # '@' '^' (LinuxCNC polar), ':' (Fanuc O): parser
                flags |= L_COMPLEX
                break
            up = c & 0xDF
            if not (65 <= up <= 90):
                flags |= L_ERROR
                err_col[li] = k - start + 1
                err_kind[li] = E_CHAR
                break
            if up == 79:  # 'O': program numbers and o-words
                flags |= L_COMPLEX
                break
            col = k - start + 1
            k += 1
            while k < end and _is_space(buf[k]):
                k += 1
            neg = False
            if k < end and (buf[k] == 43 or buf[k] == 45):
                neg = buf[k] == 45
                k += 1
                while k < end and _is_space(buf[k]):
                    k += 1
            mant = 0
            ndig = 0
            nfrac = 0
            seen = False
            point = False
            while k < end:
                d = buf[k]
                if 48 <= d <= 57:
                    seen = True
                    if mant != 0 or d != 48:
                        ndig += 1
                    mant = mant * 10 + (d - 48) if ndig <= _MAX_DIGITS else mant
                    if point:
                        nfrac += 1
                    k += 1
                elif d == 46 and not point:
                    point = True
                    k += 1
                elif _is_space(d):
                    k += 1
                else:
                    break
            if ndig > _MAX_DIGITS or nfrac > 22:
                flags |= L_COMPLEX
                break
            if not seen:
                nxt = buf[k] if k < end else 0
                if nxt == 35 or nxt == 91 or (65 <= (nxt & 0xDF) <= 90 and not point):
                    flags |= L_COMPLEX   # X#1, X[...], keywords (IF, GOTO, ...)
                else:
                    flags |= L_ERROR
                    err_col[li] = col
                    err_kind[li] = E_NUMBER
                break
            if k < end and buf[k] == 46:  # a second decimal point: X1.2.3
                flags |= L_ERROR
                err_col[li] = col
                err_kind[li] = E_NUMBER
                break
            v = mant / pow10[nfrac]
            letter[nw] = up
            value[nw] = -v if neg else v
            wline[nw] = li + 1
            column[nw] = col
            wflags[nw] = W_POINT if point else 0
            nw += 1
        if flags & (L_COMPLEX | L_ERROR):
            nw = first      # the Python parser reads this line again
        elif flags == 0:
            plain = True
            for w in range(first, nw):
                u = letter[w]
                if not plain_letters[u]:
                    plain = False
                    break
                if u == 71 and not (value[w] == 0.0 or value[w] == 1.0 or value[w] == 2.0 or value[w] == 3.0):
                    plain = False
                    break
            if plain:
                flags = L_PLAIN
        line_flags[li] = flags
    line_word[nlines] = nw
    return letter[:nw], value[:nw], wline[:nw], column[:nw], wflags[:nw], line_word, line_start, line_end, line_flags, \
        err_col, err_kind


def count_lines(data: bytes) -> int:
    """Lines of `data` as the tokenizer counts them."""
    return int(_count_lines(np.frombuffer(data, np.uint8))) if data else 0


def tokenize(data: bytes) -> Tokens:
    """Split a program into lines and words; never raises on any bytes."""
    buf = np.frombuffer(data, np.uint8) if len(data) else np.zeros(0, np.uint8)
    return Tokens(*_tokenize(buf, _POW10, _PLAIN_LETTERS))
